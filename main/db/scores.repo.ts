import type { Db } from './connection.js';
import { newId } from './ids.js';
import type { ScoringLead, ScoringTouchpoint, ScoreResult } from '../../shared/domain/scoring.js';

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
export function touchpointsInRange(db: Db, firstId: string, lastId: string, offerTypes: Map<string, string>): Map<string, ScoringTouchpoint[]> {
  const rows = db
    .prepare(
      `SELECT lead_id, type, offer_id, campaign_id, channel, occurred_at FROM touchpoints
       WHERE lead_id BETWEEN ? AND ? AND deleted = 0`,
    )
    .raw()
    .all(firstId, lastId) as [string, string, string | null, string | null, string | null, number][];
  const out = new Map<string, ScoringTouchpoint[]>();
  for (const [leadId, type, offerId, campaignId, channel, occurredAt] of rows) {
    let list = out.get(leadId);
    if (!list) out.set(leadId, (list = []));
    list.push({ type, offerId, offerType: offerId ? (offerTypes.get(offerId) ?? null) : null, campaignId, channel, occurredAt });
  }
  return out;
}

export function offerTypes(db: Db): Map<string, string> {
  const rows = db.prepare('SELECT id, type FROM offers').all() as { id: string; type: string }[];
  return new Map(rows.map((r) => [r.id, r.type]));
}


export function scoreWriter(db: Db, versionId: string, at: number) {
  const upsert = db.prepare(
    `INSERT INTO scores (id, lead_id, version_id, fit_points, engagement_points, total, level, disqualified_by, contributions, computed_at, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT(lead_id, version_id) DO UPDATE SET fit_points = excluded.fit_points, engagement_points = excluded.engagement_points,
       total = excluded.total, level = excluded.level, disqualified_by = excluded.disqualified_by,
       contributions = excluded.contributions, computed_at = excluded.computed_at, updated_at = excluded.updated_at`,
  );
  const setLead = db.prepare('UPDATE leads SET score_total = ?, score_level = ?, updated_at = ? WHERE id = ?');
  return {
    score(leadId: string, s: ScoreResult): void {
      upsert.run(
        newId(),
        leadId,
        versionId,
        s.fit,
        s.engagement,
        s.total,
        s.level,
        s.disqualifiedBy?.ruleId ?? null,
        JSON.stringify(s.contributions),
        at,
        at,
        at,
      );
    },
    leadCurrent(leadId: string, s: ScoreResult): void {
      setLead.run(s.total, s.level, at, leadId);
    },
  };
}

export function handoffWriter(db: Db, version: { id: string; slaHours: number }, at: number) {
  const exists = db.prepare('SELECT 1 FROM handoffs WHERE lead_id = ? AND version_id = ? AND deleted = 0 LIMIT 1').pluck();
  const insert = db.prepare(
    `INSERT INTO handoffs (id, lead_id, version_id, score_at_handoff, level, handed_at, rep_id, sla_due_at, decision, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'pending', ?, ?)`,
  );
  const event = db.prepare(
    `INSERT INTO stage_events (id, lead_id, from_stage, to_stage, at, by_user_id, why, handoff_id, created_at) VALUES (?, ?, ?, 'mql', ?, NULL, ?, ?, ?)`,
  );
  const stage = db.prepare(`UPDATE leads SET stage = 'mql', owner_id = ?, updated_at = ? WHERE id = ?`);
  return {
    /** Hand a lead over once per version: rescoring again finds the handoff and does nothing. */
    handOff(lead: LeadForScoring, s: ScoreResult, repId: string | null, why: string): boolean {
      if (exists.get(lead.id, version.id)) return false;
      const id = newId();
      const due = at + Math.round(version.slaHours * 3_600_000);
      insert.run(id, lead.id, version.id, s.total, s.level, at, repId, due, at, at);
      event.run(newId(), lead.id, lead.stage, at, why, id, at);
      stage.run(repId, at, lead.id);
      return true;
    },
  };
}

export function salesReps(db: Db): string[] {
  return (
    db.prepare(`SELECT id FROM users WHERE team = 'sales' AND role = 'member' AND deleted = 0 ORDER BY name, id`).all() as { id: string }[]
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
  const row = db.prepare(`SELECT ${LEAD_COLUMNS} FROM leads WHERE id = ? AND deleted = 0`).get(leadId) as LeadRecord | undefined;
  return row ? toScoringLead(row) : null;
}
