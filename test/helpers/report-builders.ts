import type { Db } from '../../main/db/connection.js';
import { newId } from '../../main/db/ids.js';
import { insertLead, type LeadSeed } from './builders.js';

/** Row builders for the win/loss reports: each inserts one row with what a test states, the rest defaulted. */

export const day = (y: number, m: number, d: number, h = 0): number => Date.UTC(y, m - 1, d, h);
export const HOUR = 3_600_000;

export function user(db: Db, name: string, team: 'marketing' | 'sales' = 'sales'): string {
  const id = newId();
  db.prepare(`INSERT INTO users (id, name, email, team, role, created_at, updated_at) VALUES (?, ?, ?, ?, 'member', 1, 1)`).run(
    id,
    name,
    `${name.toLowerCase().replace(/\W+/g, '.')}@example.com`,
    team,
  );
  return id;
}

export function campaign(db: Db, name: string, channel: string, cost: number): string {
  const id = newId();
  db.prepare(`INSERT INTO campaigns (id, name, channel, cost, created_at, updated_at) VALUES (?, ?, ?, ?, 1, 1)`).run(id, name, channel, cost);
  return id;
}

export function offer(
  db: Db,
  o: { name: string; type?: string; campaignId: string | null; channel?: string | null; landingPage?: string | null; cost?: number },
): string {
  const id = newId();
  db.prepare(
    `INSERT INTO offers (id, name, type, campaign_id, channel, landing_page, cost, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, 1, 1)`,
  ).run(id, o.name, o.type ?? 'ebook', o.campaignId, o.channel ?? null, o.landingPage ?? null, o.cost ?? 0);
  return id;
}

export function version(db: Db, number: number, status: 'draft' | 'active' | 'retired' = 'active', slaHours = 48): string {
  const id = newId();
  db.prepare(
    `INSERT INTO criteria_versions (id, number, name, status, levels, sla_hours, created_at, updated_at)
     VALUES (?, ?, ?, ?, '[{"name":"MQL","threshold":30}]', ?, 1, 1)`,
  ).run(id, number, `v${number}`, status, slaHours);
  return id;
}

let position = 0;
export function rule(
  db: Db,
  versionId: string,
  r: { kind: 'fit' | 'engagement' | 'disqualifier' | 'sql'; label: string; field: string; operator: string; value: unknown; points?: number },
): string {
  const id = newId();
  db.prepare(
    `INSERT INTO criteria_rules (id, version_id, kind, label, field, operator, value, points, position, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 1, 1)`,
  ).run(id, versionId, r.kind, r.label, r.field, r.operator, JSON.stringify(r.value), r.points ?? 10, position++);
  return id;
}

export function rejectionReason(db: Db, code: string, label: string): string {
  const id = newId();
  db.prepare(
    `INSERT INTO rejection_reasons (id, code, label, blame, action, created_at, updated_at) VALUES (?, ?, ?, 'fit', 'recycle', 1, 1)`,
  ).run(id, code, label);
  return id;
}

export function lossReason(db: Db, code: string, label: string): string {
  const id = newId();
  db.prepare(`INSERT INTO loss_reasons (id, code, label, created_at, updated_at) VALUES (?, ?, ?, 1, 1)`).run(id, code, label);
  return id;
}

export interface ReportLeadSeed extends LeadSeed {
  offerId?: string | null;
  campaignId?: string | null;
  industry?: string | null;
}

/** A lead with its first offer and campaign (the demo and imports set these from the first touch). */
export function lead(db: Db, seed: ReportLeadSeed): string {
  const id = insertLead(db, seed);
  if (seed.offerId !== undefined || seed.campaignId !== undefined || seed.industry !== undefined)
    db.prepare('UPDATE leads SET first_offer_id = ?, first_campaign_id = ?, industry = ? WHERE id = ?').run(
      seed.offerId ?? null,
      seed.campaignId ?? null,
      seed.industry ?? null,
      id,
    );
  return id;
}

export function event(db: Db, leadId: string, from: string | null, to: string, at: number, handoffId: string | null = null): string {
  const id = newId();
  db.prepare(
    `INSERT INTO stage_events (id, lead_id, from_stage, to_stage, at, handoff_id, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)`,
  ).run(id, leadId, from, to, at, handoffId, at);
  return id;
}

export function handoff(
  db: Db,
  h: {
    leadId: string;
    versionId: string | null;
    repId: string | null;
    handedAt: number;
    slaHours?: number;
    decision?: 'pending' | 'accepted' | 'rejected';
    decidedAt?: number | null;
    reasonId?: string | null;
  },
): string {
  const id = newId();
  db.prepare(
    `INSERT INTO handoffs (id, lead_id, version_id, handed_at, rep_id, sla_due_at, decision, decided_at, decided_by, reason_id, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(
    id,
    h.leadId,
    h.versionId,
    h.handedAt,
    h.repId,
    h.handedAt + (h.slaHours ?? 48) * HOUR,
    h.decision ?? 'pending',
    h.decidedAt ?? null,
    h.decision && h.decision !== 'pending' ? h.repId : null,
    h.reasonId ?? null,
    h.handedAt,
    h.decidedAt ?? h.handedAt,
  );
  return id;
}

export function outcome(
  db: Db,
  o: {
    leadId: string;
    result: 'open' | 'won' | 'lost';
    amount?: number | null;
    currency?: string;
    openedAt?: number | null;
    closedAt?: number | null;
    lossReasonId?: string | null;
    competitor?: string | null;
  },
): string {
  const id = newId();
  db.prepare(
    `INSERT INTO outcomes (id, lead_id, opened_at, closed_at, result, amount, currency, loss_reason_id, competitor, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 1, 1)`,
  ).run(
    id,
    o.leadId,
    o.openedAt ?? null,
    o.closedAt ?? null,
    o.result,
    o.amount ?? null,
    o.currency ?? 'USD',
    o.lossReasonId ?? null,
    o.competitor ?? null,
  );
  return id;
}

export function touch(db: Db, leadId: string, offerId: string | null, at: number, type = 'form'): string {
  const id = newId();
  db.prepare(
    `INSERT INTO touchpoints (id, lead_id, type, offer_id, occurred_at, created_at, updated_at) VALUES (?, ?, ?, ?, ?, 1, 1)`,
  ).run(id, leadId, type, offerId, at);
  return id;
}

export function score(db: Db, leadId: string, versionId: string, total: number): void {
  db.prepare(
    `INSERT INTO scores (id, lead_id, version_id, fit_points, engagement_points, total, computed_at, created_at, updated_at)
     VALUES (?, ?, ?, 0, ?, ?, 1, 1, 1)`,
  ).run(newId(), leadId, versionId, total, total);
}
