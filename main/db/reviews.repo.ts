import type { Db } from './connection.js';
import { newId, now } from './ids.js';

/** Reviews and their proposals. The agenda, attendees and action items are JSON columns of the review row. */

export interface ReviewRow {
  id: string;
  quarter: string;
  held_on: number | null;
  status: 'planned' | 'in_progress' | 'closed';
  attendees: string;
  agenda: string;
  /** The action items agreed in the meeting (the meeting's own decisions; proposal decisions are on their rows). */
  decisions: string;
  resulting_version_id: string | null;
  created_at: number;
  updated_at: number;
}

const COLS = 'id, quarter, held_on, status, attendees, agenda, decisions, resulting_version_id, created_at, updated_at';

export function insertReview(db: Db, r: { quarter: string; agenda: string }, at = now(), id = newId()): string {
  db.prepare(`INSERT INTO reviews (id, quarter, agenda, created_at, updated_at) VALUES (?, ?, ?, ?, ?)`).run(id, r.quarter, r.agenda, at, at);
  return id;
}

export function getReview(db: Db, id: string): ReviewRow | null {
  return (db.prepare(`SELECT ${COLS} FROM reviews WHERE id = ? AND deleted = 0`).get(id) as ReviewRow | undefined) ?? null;
}

export function reviewIdForQuarter(db: Db, quarter: string): string | null {
  const r = db.prepare('SELECT id FROM reviews WHERE quarter = ? AND deleted = 0').get(quarter) as { id: string } | undefined;
  return r?.id ?? null;
}

export function listReviews(db: Db): ReviewRow[] {
  return db.prepare(`SELECT ${COLS} FROM reviews WHERE deleted = 0 ORDER BY quarter DESC`).all() as ReviewRow[];
}

export interface ReviewPatch {
  agenda?: string;
  attendees?: string;
  decisions?: string;
  status?: ReviewRow['status'];
  heldOn?: number | null;
  resultingVersionId?: string | null;
}

export function updateReview(db: Db, id: string, p: ReviewPatch, at = now()): void {
  db.prepare(
    `UPDATE reviews SET
       agenda = COALESCE(@agenda, agenda),
       attendees = COALESCE(@attendees, attendees),
       decisions = COALESCE(@decisions, decisions),
       status = COALESCE(@status, status),
       held_on = CASE WHEN @setHeld = 1 THEN @heldOn ELSE held_on END,
       resulting_version_id = CASE WHEN @setResult = 1 THEN @resultingVersionId ELSE resulting_version_id END,
       updated_at = @at
     WHERE id = @id AND deleted = 0`,
  ).run({
    id,
    at,
    agenda: p.agenda ?? null,
    attendees: p.attendees ?? null,
    decisions: p.decisions ?? null,
    status: p.status ?? null,
    setHeld: p.heldOn !== undefined ? 1 : 0,
    heldOn: p.heldOn ?? null,
    setResult: p.resultingVersionId !== undefined ? 1 : 0,
    resultingVersionId: p.resultingVersionId ?? null,
  });
}

export interface ProposalRow {
  id: string;
  review_id: string;
  version_id: string;
  title: string;
  backtest: string | null;
  decision: 'accept' | 'reject' | 'defer' | null;
  decision_reason: string | null;
  created_at: number;
}

const PCOLS = 'id, review_id, version_id, title, backtest, decision, decision_reason, created_at';

/** `evidence` goes in the backtest column: the backtest and suggested-points snapshot as JSON. */
export function insertProposal(db: Db, p: { reviewId: string; versionId: string; title: string; evidence: string }, at = now(), id = newId()): string {
  db.prepare(
    `INSERT INTO review_proposals (id, review_id, version_id, title, backtest, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)`,
  ).run(id, p.reviewId, p.versionId, p.title, p.evidence, at, at);
  return id;
}

export function setProposalEvidence(db: Db, id: string, evidence: string, at = now()): void {
  db.prepare('UPDATE review_proposals SET backtest = ?, updated_at = ? WHERE id = ? AND deleted = 0').run(evidence, at, id);
}

export function listProposals(db: Db, reviewId: string): ProposalRow[] {
  return db.prepare(`SELECT ${PCOLS} FROM review_proposals WHERE review_id = ? AND deleted = 0 ORDER BY created_at, id`).all(reviewId) as ProposalRow[];
}

export function proposalsForVersion(db: Db, versionId: string): ProposalRow[] {
  return db.prepare(`SELECT ${PCOLS} FROM review_proposals WHERE version_id = ? AND deleted = 0 ORDER BY created_at DESC`).all(versionId) as ProposalRow[];
}

/** Names of the offers and campaigns rules may name by id (`offer.id:<id>`, `campaign.id:<id>`), for the pack's rule words. */
export function ruleValueNames(db: Db): Map<string, string> {
  const rows = db
    .prepare(`SELECT 'offer.id:' || id AS key, name FROM offers WHERE deleted = 0 UNION ALL SELECT 'campaign.id:' || id, name FROM campaigns WHERE deleted = 0`)
    .all() as { key: string; name: string }[];
  return new Map(rows.map((r) => [r.key, r.name]));
}

export function decideProposal(db: Db, id: string, decision: ProposalRow['decision'], reason: string, at = now()): void {
  db.prepare('UPDATE review_proposals SET decision = ?, decision_reason = ?, updated_at = ? WHERE id = ? AND deleted = 0').run(decision, reason, at, id);
}

/** A decided handoff with the lead's stored score under the version that handed it off, if any. */
export interface ScoredHandoff {
  leadId: string;
  handedAt: number;
  versionId: string | null;
  contributions: string | null;
  fit: number | null;
  engagement: number | null;
}

export interface RejectedScore extends ScoredHandoff {
  code: string;
  label: string;
  blame: 'fit' | 'engagement' | 'data' | 'routing';
}

/**
 * Handoffs rejected in [from, to) with their reason and the stored score of the lead under the
 * version it was handed off by (null when that lead was never scored under it).
 */
export function rejectedWithScores(db: Db, from: number, to: number): RejectedScore[] {
  return db
    .prepare(
      `SELECT h.lead_id AS leadId, h.handed_at AS handedAt, r.code, r.label, r.blame, h.version_id AS versionId, s.contributions, s.fit_points AS fit, s.engagement_points AS engagement
         FROM handoffs h
         JOIN rejection_reasons r ON r.id = h.reason_id
         JOIN leads l ON l.id = h.lead_id AND l.deleted = 0
         LEFT JOIN scores s ON s.lead_id = h.lead_id AND s.version_id = h.version_id
        WHERE h.deleted = 0 AND h.decision = 'rejected' AND h.decided_at >= ? AND h.decided_at < ?`,
    )
    .all(from, to) as RejectedScore[];
}

/** Handoffs accepted in [from, to), with their stored scores: what the rejected leads' rules are compared against. */
export function acceptedWithScores(db: Db, from: number, to: number): ScoredHandoff[] {
  return db
    .prepare(
      `SELECT h.lead_id AS leadId, h.handed_at AS handedAt, h.version_id AS versionId, s.contributions, s.fit_points AS fit, s.engagement_points AS engagement
         FROM handoffs h
         JOIN leads l ON l.id = h.lead_id AND l.deleted = 0
         LEFT JOIN scores s ON s.lead_id = h.lead_id AND s.version_id = h.version_id
        WHERE h.deleted = 0 AND h.decision = 'accepted' AND h.decided_at >= ? AND h.decided_at < ?
        ORDER BY h.decided_at, h.id`,
    )
    .all(from, to) as ScoredHandoff[];
}

/** Lead fields a rejection pattern can point at; the SQL column of each (a fixed list, never user input). */
export const PATTERN_COLUMNS = { seniority: 'seniority', country: 'country', industry: 'industry' } as const;
export type PatternField = keyof typeof PATTERN_COLUMNS;

/**
 * How often each value of a lead field occurs among the leads rejected for a reason and among those
 * accepted, for handoffs decided in [from, to).
 */
export function fieldValueCounts(db: Db, field: PatternField, reasonCode: string, from: number, to: number): { rejected: Map<string, number>; accepted: Map<string, number> } {
  const col = PATTERN_COLUMNS[field];
  const rows = db
    .prepare(
      `SELECT CASE WHEN h.decision = 'rejected' THEN 'r' ELSE 'a' END AS side, l.${col} AS value, COUNT(*) AS n
         FROM handoffs h
         JOIN leads l ON l.id = h.lead_id AND l.deleted = 0
         LEFT JOIN rejection_reasons r ON r.id = h.reason_id
        WHERE h.deleted = 0 AND h.decided_at >= ? AND h.decided_at < ? AND l.${col} IS NOT NULL AND l.${col} <> ''
          AND (h.decision = 'accepted' OR (h.decision = 'rejected' AND r.code = ?))
        GROUP BY 1, 2`,
    )
    .all(from, to, reasonCode) as { side: 'r' | 'a'; value: string; n: number }[];
  const rejected = new Map<string, number>();
  const accepted = new Map<string, number>();
  for (const r of rows) (r.side === 'r' ? rejected : accepted).set(r.value, r.n);
  return { rejected, accepted };
}

/**
 * The scores at handoff of the leads rejected for a reason in [from, to) whose field has one of the
 * values, with the version that handed them off: how far above its MQL line each one was.
 */
export function patternScores(db: Db, field: PatternField, values: readonly string[], reasonCode: string, from: number, to: number): { versionId: string; score: number }[] {
  const col = PATTERN_COLUMNS[field];
  return db
    .prepare(
      `SELECT h.version_id AS versionId, h.score_at_handoff AS score
         FROM handoffs h
         JOIN rejection_reasons r ON r.id = h.reason_id AND r.code = ?
         JOIN leads l ON l.id = h.lead_id AND l.deleted = 0
        WHERE h.deleted = 0 AND h.decision = 'rejected' AND h.decided_at >= ? AND h.decided_at < ?
          AND h.version_id IS NOT NULL AND h.score_at_handoff IS NOT NULL
          AND l.${col} IN (SELECT value FROM json_each(?))`,
    )
    .all(reasonCode, from, to, JSON.stringify(values)) as { versionId: string; score: number }[];
}

/** Leads created in [from, to) that reached SQL and have neither won nor lost yet. */
export function openSqls(db: Db, from: number, to: number): number {
  return db
    .prepare(
      `SELECT count(*) FROM lead_rollup
        WHERE deleted = 0 AND created_at >= ? AND created_at < ? AND sql_at IS NOT NULL AND won_at IS NULL AND lost_at IS NULL`,
    )
    .pluck()
    .get(from, to) as number;
}

export function decidedCount(db: Db, from: number, to: number): number {
  return (
    db
      .prepare(
        `SELECT COUNT(*) AS n FROM handoffs h JOIN leads l ON l.id = h.lead_id AND l.deleted = 0
          WHERE h.deleted = 0 AND h.decision <> 'pending' AND h.decided_at >= ? AND h.decided_at < ?`,
      )
      .get(from, to) as { n: number }
  ).n;
}
