import type { Db } from '../../main/db/connection.js';
import { newId } from '../../main/db/ids.js';
import { day, event, handoff, HOUR, lead, offer, outcome, rule, user, version } from './report-builders.js';

/**
 * A small hand-made quarter for the review: version 1 active with three rules, four leads created
 * in 2026Q3 and two in 2026Q2. Three Q3 handoffs are rejected for "no authority" (a fit reason):
 * all three were scored by "Enterprise" (10 points), two also by "Dutch" (5); "Webinar"
 * (engagement) scored one of them, but an engagement rule is not what a fit reason blames.
 */
export interface ReviewFixture {
  versionId: string;
  enterprise: string;
  dutch: string;
  webinar: string;
  rep: string;
  marketingOwner: string;
  salesOwner: string;
}

function reasonId(db: Db, code: string): string {
  return (db.prepare('SELECT id FROM rejection_reasons WHERE code = ?').get(code) as { id: string }).id;
}

function storedScore(db: Db, leadId: string, versionId: string, parts: { ruleId: string; label: string; kind: 'fit' | 'engagement'; points: number }[]): void {
  const fit = parts.filter((p) => p.kind === 'fit').reduce((s, p) => s + p.points, 0);
  const engagement = parts.filter((p) => p.kind === 'engagement').reduce((s, p) => s + p.points, 0);
  const contributions = parts.map((p) => ({ ...p, rawPoints: p.points, matches: 1, capped: false }));
  db.prepare(
    `INSERT INTO scores (id, lead_id, version_id, fit_points, engagement_points, total, contributions, computed_at, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, 1, 1, 1)`,
  ).run(newId(), leadId, versionId, fit, engagement, fit + engagement, JSON.stringify(contributions));
}

function owner(db: Db, name: string, team: 'marketing' | 'sales'): string {
  const id = user(db, name, team);
  db.prepare(`UPDATE users SET role = 'owner' WHERE id = ?`).run(id);
  return id;
}

export function buildReviewFixture(db: Db): ReviewFixture {
  const rep = user(db, 'Rita Rep');
  const marketingOwner = owner(db, 'Mona Marketing', 'marketing');
  const salesOwner = owner(db, 'Sam Sales', 'sales');
  const versionId = version(db, 1, 'active');
  const enterprise = rule(db, versionId, { kind: 'fit', label: 'Enterprise', field: 'employees', operator: 'range', value: { min: 200 }, points: 10 });
  const dutch = rule(db, versionId, { kind: 'fit', label: 'Dutch', field: 'country', operator: 'equals', value: 'NL', points: 5 });
  const webinar = rule(db, versionId, { kind: 'engagement', label: 'Webinar', field: 'touchpoint.type', operator: 'equals', value: 'webinar', points: 8 });
  const noAuthority = reasonId(db, 'no_authority');
  const webinarOffer = offer(db, { name: 'Scoring webinar', type: 'webinar', campaignId: null });

  const E = { ruleId: enterprise, label: 'Enterprise', kind: 'fit' as const, points: 10 };
  const D = { ruleId: dutch, label: 'Dutch', kind: 'fit' as const, points: 5 };
  const W = { ruleId: webinar, label: 'Webinar', kind: 'engagement' as const, points: 8 };
  const q3 = [
    { parts: [E, D, W], decision: 'rejected' as const, late: false },
    { parts: [E, D], decision: 'rejected' as const, late: true },
    { parts: [E], decision: 'rejected' as const, late: false },
    { parts: [E, D], decision: 'accepted' as const, late: false, won: true },
  ];
  q3.forEach((x, i) => {
    const createdAt = day(2026, 7, 2 + i);
    const id = lead(db, { createdAt, employees: 500, country: x.parts.includes(D) ? 'NL' : 'DE', offerId: webinarOffer, stage: x.decision === 'accepted' ? 'won' : 'rejected' });
    storedScore(db, id, versionId, x.parts);
    const handedAt = createdAt + HOUR;
    const decidedAt = handedAt + (x.late ? 72 : 4) * HOUR;
    event(db, id, 'lead', 'mql', handedAt);
    const h = handoff(db, { leadId: id, versionId, repId: rep, handedAt, decision: x.decision, decidedAt, reasonId: x.decision === 'rejected' ? noAuthority : null });
    db.prepare('UPDATE stage_events SET handoff_id = ? WHERE lead_id = ?').run(h, id);
    if (x.decision === 'accepted') {
      event(db, id, 'mql', 'sal', decidedAt, h);
      event(db, id, 'sal', 'sql', decidedAt + HOUR);
      event(db, id, 'sql', 'won', decidedAt + 2 * HOUR);
      outcome(db, { leadId: id, result: 'won', amount: 1000, closedAt: decidedAt + 2 * HOUR });
    }
  });
  for (let i = 0; i < 2; i++) {
    const createdAt = day(2026, 5, 10 + i);
    const id = lead(db, { createdAt, employees: 20, country: 'DE', offerId: webinarOffer });
    if (i === 0) event(db, id, 'lead', 'mql', createdAt + HOUR);
  }
  return { versionId, enterprise, dutch, webinar, rep, marketingOwner, salesOwner };
}

/**
 * n more Q3 leads that sales accepted, each scored by Enterprise (every one of the fixture's Q3 MQLs
 * is Enterprise) and, when `dutch`, by Dutch too: enough acceptances to compare the rejected leads' rules with.
 */
export function acceptMore(db: Db, f: ReviewFixture, n: number, dutch: boolean): void {
  const parts = [{ ruleId: f.enterprise, label: 'Enterprise', kind: 'fit' as const, points: 10 }];
  if (dutch) parts.push({ ruleId: f.dutch, label: 'Dutch', kind: 'fit' as const, points: 5 });
  for (let i = 0; i < n; i++) {
    const createdAt = day(2026, 8, 1 + (i % 28));
    const id = lead(db, { createdAt, employees: 800, country: dutch ? 'NL' : 'DE', stage: 'sal' });
    storedScore(db, id, f.versionId, parts);
    const handedAt = createdAt + HOUR;
    event(db, id, 'lead', 'mql', handedAt);
    const h = handoff(db, { leadId: id, versionId: f.versionId, repId: f.rep, handedAt, decision: 'accepted', decidedAt: handedAt + 2 * HOUR, reasonId: null });
    event(db, id, 'mql', 'sal', handedAt + 2 * HOUR, h);
  }
}

/**
 * A second version of the quarter with the fixture's Enterprise and Dutch rules cloned (same
 * conditions and points, new ids) and a "Negative webinar" rule that takes points, and three more
 * Q3 leads it handed off that sales rejected for no authority, each scored by all three.
 */
export function secondVersionRejections(db: Db, f: ReviewFixture): { versionId: string; enterprise: string; dutch: string; negative: string } {
  const versionId = version(db, 2, 'retired');
  const enterprise = rule(db, versionId, { kind: 'fit', label: 'Enterprise', field: 'employees', operator: 'range', value: { min: 200 }, points: 10 });
  const dutch = rule(db, versionId, { kind: 'fit', label: 'Dutch', field: 'country', operator: 'equals', value: 'NL', points: 5 });
  const negative = rule(db, versionId, { kind: 'fit', label: 'Negative webinar', field: 'industry', operator: 'equals', value: 'Education', points: -5 });
  const noAuthority = reasonId(db, 'no_authority');
  const parts = [
    { ruleId: enterprise, label: 'Enterprise', kind: 'fit' as const, points: 10 },
    { ruleId: dutch, label: 'Dutch', kind: 'fit' as const, points: 5 },
    { ruleId: negative, label: 'Negative webinar', kind: 'fit' as const, points: -5 },
  ];
  for (let i = 0; i < 3; i++) {
    const createdAt = day(2026, 9, 2 + i);
    const id = lead(db, { createdAt, employees: 500, country: 'NL', stage: 'rejected' });
    storedScore(db, id, versionId, parts);
    const handedAt = createdAt + HOUR;
    event(db, id, 'lead', 'mql', handedAt);
    handoff(db, { leadId: id, versionId, repId: f.rep, handedAt, decision: 'rejected', decidedAt: handedAt + 4 * HOUR, reasonId: noAuthority });
  }
  return { versionId, enterprise, dutch, negative };
}
