import type { Db } from './connection.js';
import { stmt } from './sync-statements.js';

/** Reads for scoring the leads a pull changed (main/sync/rescore-pulled.ts). */

export function leadOfTouchpoint(db: Db, touchpointId: string): string | undefined {
  return stmt(db, 'SELECT lead_id FROM touchpoints WHERE id = ?').pluck(true).get(touchpointId) as string | undefined;
}

export function liveLeadCount(db: Db): number {
  return stmt(db, 'SELECT count(*) FROM leads WHERE deleted = 0').pluck(true).get() as number;
}

export function isRuleOfVersion(db: Db, ruleId: string, versionId: string): boolean {
  return stmt(db, 'SELECT 1 FROM criteria_rules WHERE id = ? AND version_id = ?').pluck(false).get(ruleId, versionId) !== undefined;
}

/** What the rescore's writer needs of a lead beside its fields: its row, stage, owner and current score. */
export function leadScoreState(
  db: Db,
  id: string,
): { rowid: number; stage: string; ownerId: string | null; scoreTotal: number; scoreLevel: string | null } | undefined {
  return stmt(
    db,
    'SELECT rowid, stage, owner_id AS ownerId, score_total AS scoreTotal, score_level AS scoreLevel FROM leads WHERE id = ? AND deleted = 0',
  )
    .pluck(false)
    .get(id) as { rowid: number; stage: string; ownerId: string | null; scoreTotal: number; scoreLevel: string | null } | undefined;
}
