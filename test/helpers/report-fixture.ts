import type { Db } from '../../main/db/connection.js';
import * as b from './report-builders.js';

const { day, HOUR } = b;

/**
 * The hand-made workspace of the report known-answer tests: seven leads over two cohort months,
 * every number of every report worked out by hand in test/integration/reports.test.ts.
 *
 * | lead | created | first offer (campaign)  | country | emp | owner | path                                              |
 * | L1   | Jan 5   | Demo (Ads)              | NL      | 500 | A     | mql Jan 6, sal Jan 7, sql Jan 10, won Feb 10 (1000 EUR) |
 * | L2   | Jan 10  | Demo (Ads)              | DE      |  20 | A     | mql Jan 12, rejected Jan 15 (no authority, late)  |
 * | L3   | Jan 20  | Webinar (Webinars)      | NL      |  50 | B     | mql Jan 21, sal +2h, sql Jan 25 02:00, lost Mar 1 (price, 500) |
 * | L4   | Jan 25  | Webinar (Webinars)      | NL      |  50 | -     | nothing                                           |
 * | L5   | Feb 3   | Webinar (Webinars)      | DE      |  30 | B     | mql Feb 4 under v2, still pending                 |
 * | L6   | Feb 10  | none (Ads)              | NL      | 200 | A     | mql Feb 11, sal +10h, jumps to won Mar 20 (3000 USD) |
 * | L7   | Feb 15  | Demo (Ads), deleted     | NL      |  50 | B     | mql, rejected: excluded everywhere                |
 */
export function buildReportFixture(db: Db) {
  const repA = b.user(db, 'Alice Rep');
  const repB = b.user(db, 'Bob Rep');
  const ads = b.campaign(db, 'Ads', 'paid_search', 1000);
  const webinars = b.campaign(db, 'Webinars', 'events', 500);
  const demo = b.offer(db, { name: 'Demo', type: 'demo_request', campaignId: ads, channel: 'paid_search', landingPage: '/demo', cost: 100 });
  const webinar = b.offer(db, { name: 'Webinar', type: 'webinar', campaignId: webinars, cost: 50 });
  const v1 = b.version(db, 1, 'active');
  const v2 = b.version(db, 2, 'draft');
  const ruleNl = b.rule(db, v1, { kind: 'fit', label: 'In NL', field: 'country', operator: 'equals', value: 'NL' });
  const ruleBig = b.rule(db, v1, { kind: 'fit', label: '400+ employees', field: 'employees', operator: 'range', value: { min: 400 } });
  const ruleDemo = b.rule(db, v1, { kind: 'engagement', label: 'Demo touch', field: 'offer.id', operator: 'equals', value: demo });
  const ruleBant = b.rule(db, v1, { kind: 'sql', label: 'Budget confirmed', field: 'bant.budget', operator: 'exists', value: null });
  const noAuthority = b.rejectionReason(db, 't_no_authority', 'No authority (test)');
  const badTiming = b.rejectionReason(db, 't_bad_timing', 'Bad timing (test)');
  const price = b.lossReason(db, 't_price', 'Price (test)');

  const L1 = b.lead(db, { createdAt: day(2026, 1, 5), offerId: demo, campaignId: ads, country: 'NL', employees: 500, ownerId: repA, industry: 'Software' });
  const L2 = b.lead(db, { createdAt: day(2026, 1, 10), offerId: demo, campaignId: ads, country: 'DE', employees: 20, ownerId: repA, industry: 'Retail' });
  const L3 = b.lead(db, { createdAt: day(2026, 1, 20), offerId: webinar, campaignId: webinars, country: 'NL', employees: 50, ownerId: repB, industry: 'Software' });
  const L4 = b.lead(db, { createdAt: day(2026, 1, 25), offerId: webinar, campaignId: webinars, country: 'NL', employees: 50, ownerId: null });
  const L5 = b.lead(db, { createdAt: day(2026, 2, 3), offerId: webinar, campaignId: webinars, country: 'DE', employees: 30, ownerId: repB });
  const L6 = b.lead(db, { createdAt: day(2026, 2, 10), offerId: null, campaignId: ads, country: 'NL', employees: 200, ownerId: repA });
  const L7 = b.lead(db, { createdAt: day(2026, 2, 15), offerId: demo, campaignId: ads, country: 'NL', employees: 50, ownerId: repB });

  // L1: the full ladder, won.
  const h1 = b.handoff(db, { leadId: L1, versionId: v1, repId: repA, handedAt: day(2026, 1, 6), decision: 'accepted', decidedAt: day(2026, 1, 7) });
  b.event(db, L1, 'lead', 'mql', day(2026, 1, 6), h1);
  b.event(db, L1, 'mql', 'sal', day(2026, 1, 7), h1);
  b.event(db, L1, 'sal', 'sql', day(2026, 1, 10));
  b.event(db, L1, 'sql', 'opportunity', day(2026, 1, 11));
  b.event(db, L1, 'opportunity', 'won', day(2026, 2, 10));
  b.outcome(db, { leadId: L1, result: 'won', amount: 1000, currency: 'EUR', openedAt: day(2026, 1, 11), closedAt: day(2026, 2, 10) });
  b.touch(db, L1, demo, day(2026, 1, 5));
  b.touch(db, L1, webinar, day(2026, 1, 20)); // after the MQL: no say in last-touch attribution

  // L2: rejected three days after the handoff (SLA 48 h: late).
  const h2 = b.handoff(db, { leadId: L2, versionId: v1, repId: repA, handedAt: day(2026, 1, 12), decision: 'rejected', decidedAt: day(2026, 1, 15), reasonId: noAuthority });
  b.event(db, L2, 'lead', 'mql', day(2026, 1, 12), h2);
  b.event(db, L2, 'mql', 'rejected', day(2026, 1, 15), h2);
  b.touch(db, L2, demo, day(2026, 1, 10));

  // L3: accepted in two hours, SQL, lost on price. Its last offer touch before the MQL is the demo.
  const h3 = b.handoff(db, { leadId: L3, versionId: v1, repId: repB, handedAt: day(2026, 1, 21), decision: 'accepted', decidedAt: day(2026, 1, 21, 2) });
  b.event(db, L3, 'lead', 'mql', day(2026, 1, 21), h3);
  b.event(db, L3, 'mql', 'sal', day(2026, 1, 21, 2), h3);
  b.event(db, L3, 'sal', 'sql', day(2026, 1, 25, 2));
  b.event(db, L3, 'sql', 'lost', day(2026, 3, 1));
  b.outcome(db, { leadId: L3, result: 'lost', amount: 500, openedAt: day(2026, 1, 26), closedAt: day(2026, 3, 1), lossReasonId: price, competitor: 'Rival' });
  b.touch(db, L3, webinar, day(2026, 1, 20, 9));
  b.touch(db, L3, demo, day(2026, 1, 20, 12));

  // L5: handed off under v2 and never decided.
  b.handoff(db, { leadId: L5, versionId: v2, repId: repB, handedAt: day(2026, 2, 4) });
  b.event(db, L5, 'lead', 'mql', day(2026, 2, 4));
  b.touch(db, L5, webinar, day(2026, 2, 3));

  // L6: no first offer; accepted, then an import jumped it straight to won.
  const h5 = b.handoff(db, { leadId: L6, versionId: v1, repId: repA, handedAt: day(2026, 2, 11), decision: 'accepted', decidedAt: day(2026, 2, 11, 10) });
  b.event(db, L6, 'lead', 'mql', day(2026, 2, 11), h5);
  b.event(db, L6, 'mql', 'sal', day(2026, 2, 11, 10), h5);
  b.event(db, L6, 'sal', 'won', day(2026, 3, 20));
  b.outcome(db, { leadId: L6, result: 'won', amount: 3000, currency: 'USD', closedAt: day(2026, 3, 20) });

  // L7: a whole story, then the lead is deleted.
  const h6 = b.handoff(db, { leadId: L7, versionId: v1, repId: repB, handedAt: day(2026, 2, 16), decision: 'rejected', decidedAt: day(2026, 2, 17), reasonId: badTiming });
  b.event(db, L7, 'lead', 'mql', day(2026, 2, 16), h6);
  b.event(db, L7, 'mql', 'rejected', day(2026, 2, 17), h6);
  b.outcome(db, { leadId: L7, result: 'lost', amount: 10, closedAt: day(2026, 3, 2), lossReasonId: price });
  db.prepare('UPDATE leads SET deleted = 1 WHERE id = ?').run(L7);

  for (const [id, s] of [[L1, 50], [L2, 30], [L3, 40], [L4, 5], [L5, 35], [L6, 45], [L7, 60]] as const) b.score(db, id, v1, s);

  return {
    repA, repB, ads, webinars, demo, webinar, v1, v2,
    rules: { ruleNl, ruleBig, ruleDemo, ruleBant },
    noAuthority, badTiming, price,
    leads: { L1, L2, L3, L4, L5, L6, L7 },
    HOUR,
    asOf: day(2026, 3, 1),
  };
}
export type ReportFixture = ReturnType<typeof buildReportFixture>;
