import type { Db } from './connection.js';
import { stmt } from './sync-statements.js';

/** Reads for scoring the leads a pull changed (main/sync/rescore-pulled.ts). */

export function leadOfTouchpoint(db: Db, touchpointId: string): string | undefined {
  return stmt(db, 'SELECT lead_id FROM touchpoints WHERE id = ?').pluck(true).get(touchpointId) as string | undefined;
}

/**
 * The leads with a live touchpoint of one of these offers: an engagement rule may test a
 * touchpoint's offer type, which lives on the offer, so a pulled change of it changes their scores.
 * No index leads with offer_id; one scan for the whole pull, and offer types change rarely.
 */
export function leadsOfOffers(db: Db, offerIds: readonly string[]): string[] {
  if (!offerIds.length) return [];
  return stmt(db, 'SELECT DISTINCT lead_id FROM touchpoints WHERE offer_id IN (SELECT value FROM json_each(?)) AND deleted = 0')
    .pluck(true)
    .all(JSON.stringify(offerIds)) as string[];
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
