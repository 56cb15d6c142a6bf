import type { Statement } from 'better-sqlite3';
import type { Db } from './connection.js';
import { withIndexBuildCache } from './index-build.js';
import { bulkId } from './bulk-ids.js';
import { getMeta, setMeta } from './meta.repo.js';
import { stmt } from './statements.js';
import type { ScoringLead, ScoringTouchpoint } from '../../shared/domain/scoring.js';

export interface LeadForScoring {
  id: string;
  stage: string;
  ownerId: string | null;
  lead: ScoringLead;
}

interface LeadRecord {
  id: string;
  stage: string;
  owner_id: string | null;
  email: string | null;
  name: string;
  company: string;
  domain: string | null;
  country: string;
  industry: string | null;
  employees: number | null;
  job_title: string | null;
  seniority: string | null;
  budget: number | null;
  source: string | null;
  attributes: string;
}

/** The next chunk of leads in id order (keyset), with what scoring reads. */
const LEAD_COLUMNS =
  'id, stage, owner_id, email, name, company, domain, country, industry, employees, job_title, seniority, budget, source, attributes';

export function leadChunk(db: Db, afterId: string, limit: number): LeadForScoring[] {
  const rows = db
    .prepare(`SELECT ${LEAD_COLUMNS} FROM leads WHERE id > ? AND deleted = 0 ORDER BY id LIMIT ?`)
    .all(afterId, limit) as LeadRecord[];
  return rows.map(toScoringLead);
}

function toScoringLead(r: LeadRecord): LeadForScoring {
  return {
    id: r.id,
    stage: r.stage,
    ownerId: r.owner_id,
    lead: {
      email: r.email,
      name: r.name,
      company: r.company,
      domain: r.domain,
      country: r.country,
      industry: r.industry,
      employees: r.employees,
      jobTitle: r.job_title,
      seniority: r.seniority,
      budget: r.budget,
      source: r.source,
      attributes: r.attributes === '{}' ? {} : (JSON.parse(r.attributes) as Record<string, unknown>),
    },
  };
}

/** Touchpoints of the leads whose ids lie in [firstId, lastId], grouped by lead. */
export function touchpointsInRange(
  db: Db,
  firstId: string,
  lastId: string,
  offerTypes: Map<string, string>,
): Map<string, ScoringTouchpoint[]> {
  // Cached: the review agenda and explain call this once per lead.
  const rows = stmt(
    db,
    `SELECT lead_id, type, offer_id, campaign_id, channel, occurred_at FROM touchpoints
       WHERE lead_id BETWEEN ? AND ? AND deleted = 0`,
  )
    .raw(true)
    .all(firstId, lastId) as [string, string, string | null, string | null, string | null, number][];
  const out = new Map<string, ScoringTouchpoint[]>();
  for (const [leadId, type, offerId, campaignId, channel, occurredAt] of rows) {
    let list = out.get(leadId);
    if (!list) out.set(leadId, (list = []));
    list.push({
      type,
      offerId,
      offerType: offerId ? (offerTypes.get(offerId) ?? null) : null,
      campaignId,
      channel,
      occurredAt,
    });
  }
  return out;
}

export function offerTypes(db: Db): Map<string, string> {
  const rows = db.prepare('SELECT id, type FROM offers').all() as { id: string; type: string }[];
  return new Map(rows.map((r) => [r.id, r.type]));
}

/** A lead as the rescore writes it: what a handoff needs and its current score. */
export interface LeadState extends LeadForScoring {
  rowid: number;
  scoreTotal: number;
  scoreLevel: string | null;
}

/** Whether the workspace has at least `n` leads (counting stops there). */
export function hasLeads(db: Db, n: number): boolean {
  return (db.prepare('SELECT count(*) FROM (SELECT 1 FROM leads LIMIT ?)').pluck().get(n) as number) >= n;
}

/** Lead fields scoring can read and their columns: a fixed map, so no name from a rule reaches SQL. */
const FIELD_COLUMNS: Readonly<Record<string, string>> = {
  email: 'email',
  name: 'name',
  company: 'company',
  domain: 'domain',
  country: 'country',
  industry: 'industry',
  employees: 'employees',
  jobTitle: 'job_title',
  seniority: 'seniority',
  budget: 'budget',
  source: 'source',
};

/** How many live leads a rescore scores. */
export function liveLeadCount(db: Db): number {
  return db.prepare('SELECT count(*) FROM leads WHERE deleted = 0').pluck().get() as number;
}

type TouchRow = [string, string, string | null, string | null, string | null, number];

/**
 * The live touchpoints of the leads with ids in [firstId, lastId], ordered by lead and time, read
 * from the covering touchpoints_lead index alone (migration 0015): consecutive leads' touchpoints sit
 * on consecutive index pages, so a rescore reads them chunk by chunk as it scores, without a table
 * scan first. `fields` are the rules' fields: the offer, campaign and channel columns are read only
 * when a rule reads them (each id is a 36-character string to build per row otherwise).
 * Rows: [leadId, type, offerId, campaignId, channel, occurredAt].
 */
export function touchpointsOfLeads(db: Db, fields: readonly string[]): (firstId: string, lastId: string) => TouchRow[] {
  const offer = fields.includes('offer.id') || fields.includes('offer.type') ? 'offer_id' : 'NULL';
  const campaign = fields.includes('campaign.id') ? 'campaign_id' : 'NULL';
  const channel = fields.includes('channel') ? 'channel' : 'NULL';
  const range = db
    .prepare(
      `SELECT lead_id, type, ${offer}, ${campaign}, ${channel}, occurred_at FROM touchpoints INDEXED BY touchpoints_lead
       WHERE lead_id >= ? AND lead_id <= ? AND deleted = 0 ORDER BY lead_id, occurred_at`,
    )
    .raw();
  return (firstId, lastId) => range.all(firstId, lastId) as TouchRow[];
}

/**
 * The live leads in id order, a chunk at a time (keyset), with the lead fields the rules read
 * (`fields`: rule fields, `attributes.<key>` for custom attributes), and each lead's rowid and
 * current score, which the rescore's writing side compares and updates (neither re-opens nor
 * handoffs change them, so the score worker's snapshot holds them as the writer would read them),
 * and its stage (which re-opens do change: see rescore-scoring.ts handoffCandidate).
 */
export function leadsToScore(db: Db, fields: readonly string[]) {
  const wanted = Object.keys(FIELD_COLUMNS).filter((f) => fields.includes(f));
  const attributes = fields.some((f) => f.startsWith('attributes.'));
  const columns = [...wanted.map((f) => FIELD_COLUMNS[f]!), ...(attributes ? ['attributes'] : [])];
  const leads = db
    .prepare(
      `SELECT id, rowid, score_total, score_level, stage${columns.map((c) => `, ${c}`).join('')}
       FROM leads WHERE id > ? AND deleted = 0 ORDER BY id LIMIT ?`,
    )
    .raw();
  const first = 5;
  let after = '';
  return {
    /** The next chunk, or an empty list at the end. */
    next(
      limit: number,
    ): { id: string; rowid: number; scoreTotal: number; scoreLevel: string | null; stage: string; lead: ScoringLead }[] {
      const rows = leads.all(after, limit) as unknown[][];
      if (rows.length > 0) after = rows[rows.length - 1]![0] as string;
      return rows.map((r) => {
        const lead: ScoringLead = {};
        for (let i = 0; i < wanted.length; i++) lead[wanted[i]!] = r[first + i];
        if (attributes) {
          const text = r[first + wanted.length] as string;
          lead.attributes = text === '{}' ? {} : (JSON.parse(text) as Record<string, unknown>);
        }
        return {
          id: r[0] as string,
          rowid: r[1] as number,
          scoreTotal: r[2] as number,
          scoreLevel: r[3] as string | null,
          stage: r[4] as string,
          lead,
        };
      });
    },
  };
}

/** Stage and owner of a lead the rescore may hand off, read when it is written (re-opens change stages). */
export function handoffState(db: Db) {
  const st = db.prepare('SELECT stage, owner_id FROM leads WHERE rowid = ?').raw();
  return (rowid: number): { stage: string; ownerId: string | null } | null => {
    const r = st.get(rowid) as [string, string | null] | undefined;
    return r ? { stage: r[0], ownerId: r[1] } : null;
  };
}

/** A stored score as the rescore compares it: [leadId, fit, engagement, total, level, disqualifiedBy, contributions, rowid]. */
export type StoredScoreRow = [string, number, number, number, string | null, string | null, string, number];

/**
 * The stored scores under a version of the leads with ids in [firstId, lastId], in lead order, from
 * the (lead_id, version_id) index: a rescore writes only the rows whose score changed, by rowid
 * (scores-rescore-write.repo.ts). The unary + keeps SQLite off scores_version, whose version_id = ?
 * would walk every score of the version.
 */
export function storedScoresOfLeads(db: Db, versionId: string): (firstId: string, lastId: string) => StoredScoreRow[] {
  const range = db
    .prepare(
      `SELECT lead_id, fit_points, engagement_points, total, level, disqualified_by, contributions, rowid FROM scores
       WHERE lead_id >= ? AND lead_id <= ? AND +version_id = ? ORDER BY lead_id`,
    )
    .raw();
  return (firstId, lastId) => range.all(firstId, lastId, versionId) as StoredScoreRow[];
}

/**
 * Drop the scores' (version, total) index for a rescore's bulk write and return what re-creates it,
 * from its own definition in the schema: one sort over the written rows instead of a random insert
 * per lead. Inside the rescore's transaction, so a cancel or crash brings the index back untouched.
 */
export function suspendScoreTotalIndex(db: Db): () => void {
  const sql = db
    .prepare(`SELECT sql FROM sqlite_master WHERE type = 'index' AND name = 'scores_version'`)
    .pluck()
    .get() as string | undefined;
  if (!sql) return () => undefined;
  db.exec('DROP INDEX scores_version');
  return () => withIndexBuildCache(db, () => db.exec(sql));
}

const SCORE_COLUMNS = 12;
/** Rows per INSERT: one statement step per 250 leads instead of per lead. */
const SCORE_ROWS_PER_STATEMENT = 250;

/**
 * Writes a rescore's results: the score rows (with the compact contributions, see
 * shared/domain/contribution-codec.ts), many per statement, and, under the active version, the
 * lead's current score where it changed (so unchanged leads and their index entries stay as they
 * are). A score is derived, so writing it leaves the lead's updated_at alone: that stamp marks what
 * people and imports change, and is read as such (an import's undo refuses to overwrite rows changed
 * since; a recycled or lost lead without a stage event counts its nurture from it), where a daily
 * rescore moving it would read as an edit every day. Call `flush` before reading scores back.
 */
export function scoreWriter(db: Db, version: { id: string }, at: number) {
  const statements = new Map<number, Statement>();
  const upsert = (rows: number) => {
    let st = statements.get(rows);
    if (!st) {
      const tuple = `(${Array(SCORE_COLUMNS).fill('?').join(', ')})`;
      st = db.prepare(
        `INSERT INTO scores (id, lead_id, version_id, fit_points, engagement_points, total, level, disqualified_by, contributions, computed_at, created_at, updated_at)
         VALUES ${Array(rows).fill(tuple).join(', ')}
         ON CONFLICT(lead_id, version_id) DO UPDATE SET fit_points = excluded.fit_points, engagement_points = excluded.engagement_points,
           total = excluded.total, level = excluded.level, disqualified_by = excluded.disqualified_by,
           contributions = excluded.contributions, computed_at = excluded.computed_at, updated_at = excluded.updated_at`,
      );
      statements.set(rows, st);
    }
    return st;
  };
  const buffer: unknown[] = [];
  const flush = () => {
    if (buffer.length === 0) return;
    upsert(buffer.length / SCORE_COLUMNS).run(buffer);
    buffer.length = 0;
  };
  const setLead = db.prepare('UPDATE leads SET score_total = ?, score_level = ? WHERE rowid = ?');
  return {
    score(
      leadId: string,
      fit: number,
      engagement: number,
      total: number,
      level: string | null,
      disqualifiedBy: string | null,
      contributions: string,
    ): void {
      buffer.push(
        bulkId(),
        leadId,
        version.id,
        fit,
        engagement,
        total,
        level,
        disqualifiedBy,
        contributions,
        at,
        at,
        at,
      );
      if (buffer.length === SCORE_COLUMNS * SCORE_ROWS_PER_STATEMENT) flush();
    },
    flush,
    /** Returns whether the lead's row changed. */
    leadCurrent(lead: LeadState, total: number, level: string | null): boolean {
      if (lead.scoreTotal === total && lead.scoreLevel === level) return false;
      setLead.run(total, level, lead.rowid);
      return true;
    },
  };
}

const rescoredKey = (versionId: string) => `scores.rescored_at.${versionId}`;

/**
 * When the last full rescore under a version ran (its asOf). It writes only the scores that changed,
 * so a stored row's computed_at is when its score last changed; the score holds as of this time.
 */
export function markRescored(db: Db, versionId: string, asOf: number): void {
  setMeta(db, rescoredKey(versionId), String(asOf));
}

export function rescoredAt(db: Db, versionId: string): number | null {
  const v = getMeta(db, rescoredKey(versionId));
  return v === null ? null : Number(v);
}

export function salesReps(db: Db): string[] {
  return (
    db
      .prepare(`SELECT id FROM users WHERE team = 'sales' AND role = 'member' AND deleted = 0 ORDER BY name, id`)
      .all() as { id: string }[]
  ).map((r) => r.id);
}

export interface StoredScore {
  fit_points: number;
  engagement_points: number;
  total: number;
  level: string | null;
  disqualified_by: string | null;
  contributions: string;
  computed_at: number;
}

export function storedScore(db: Db, leadId: string, versionId: string): StoredScore | null {
  return (
    (db
      .prepare(
        `SELECT fit_points, engagement_points, total, level, disqualified_by, contributions, computed_at
         FROM scores WHERE lead_id = ? AND version_id = ?`,
      )
      .get(leadId, versionId) as StoredScore | undefined) ?? null
  );
}

export function leadForScoring(db: Db, leadId: string): LeadForScoring | null {
  // Cached: the review agenda scores each rejected lead without a stored score through here, and a
  // prepare per lead was two thirds of that scoring's time (the demo's past review, 200k leads).
  const row = stmt(db, `SELECT ${LEAD_COLUMNS} FROM leads WHERE id = ? AND deleted = 0`).get(leadId) as
    LeadRecord | undefined;
  return row ? toScoringLead(row) : null;
}
