import type { BacktestFeed } from '../backtest.js';
import { decisionMoment, type LeadFacts } from '../../../shared/domain/backtest.js';
import type { ScoringLead, ScoringTouchpoint } from '../../../shared/domain/scoring.js';
import type { TouchKinds } from './touches.js';
import type { DemoLead, DemoTouch, LeadFate } from './types.js';

type Template = Omit<ScoringTouchpoint, 'occurredAt'>;

/**
 * Feeds the past review's backtest from the simulation (Funnel.onLead): each lead of the review's
 * period goes in as main/db/backtest.repo.ts would read it back from the rows written for it, so the
 * review needs no second pass over the leads and touchpoints. Same fields, same values (attributes
 * as their JSON parses back), touchpoints in the order the read returns them (touchpoints_lead:
 * time, then type, offer, campaign, channel, then write order). test/integration/demo-review-feed.test.ts
 * compares the evidence with the one gathered by reading the rows.
 */
export function reviewFeeder(
  feed: BacktestFeed,
  kinds: TouchKinds,
  offerTypes: ReadonlyMap<string, string>,
): (lead: DemoLead, touches: readonly DemoTouch[], k: number, fate: Readonly<LeadFate>) => void {
  const decisionDays = feed.params.decisionDays;
  const templates: Template[] = [];
  const templateOf = (kind: number): Template => {
    let t = templates[kind];
    if (!t) {
      const x = kinds.list[kind]!;
      t = {
        type: x.type,
        offerId: x.offerId,
        offerType: x.offerId ? (offerTypes.get(x.offerId) ?? null) : null,
        campaignId: x.campaignId,
        channel: x.channel,
      };
      templates[kind] = t;
    }
    return t;
  };
  return (lead, touches, k, fate) => {
    if (!feed.inPeriod(lead.createdAt)) return;
    const tps = new Array<ScoringTouchpoint>(k);
    let ties = false;
    for (let j = 0; j < k; j++) {
      const t = touches[j]!;
      tps[j] = { ...templateOf(t.kind), occurredAt: t.at };
      if (j > 0 && t.at === touches[j - 1]!.at) ties = true;
    }
    if (ties) tps.sort(byIndexOrder); // stable: equal keys keep write order, as rowid does
    const scoring: ScoringLead = {
      email: lead.email,
      name: lead.name,
      company: lead.company,
      domain: lead.domain,
      country: lead.country,
      industry: lead.industry,
      employees: lead.employees,
      jobTitle: lead.jobTitle,
      seniority: lead.seniority,
      budget: lead.budget,
      source: lead.source,
      attributes: lead.attributes,
    };
    const facts: LeadFacts = {
      leadId: lead.id,
      name: lead.name,
      company: lead.company,
      createdAt: lead.createdAt,
      decisionAt: decisionMoment(lead.createdAt, fate.handedAt, decisionDays),
      decision: fate.decision,
      reasonCode: fate.reason?.code ?? null,
      reasonLabel: fate.reason?.label ?? null,
      sql: fate.sqlAt !== null,
      won: fate.wonAt !== null,
      revenue: fate.revenue,
    };
    feed.add(facts, scoring, tps);
  };
}

/** SQLite's order of touchpoints_lead within one lead: NULL first, then text by code unit (BINARY, ASCII here). */
function byIndexOrder(a: ScoringTouchpoint, b: ScoringTouchpoint): number {
  return (
    a.occurredAt - b.occurredAt ||
    cmp(a.type, b.type) ||
    cmp(a.offerId ?? null, b.offerId ?? null) ||
    cmp(a.campaignId ?? null, b.campaignId ?? null) ||
    cmp(a.channel ?? null, b.channel ?? null)
  );
}

function cmp(a: string | null, b: string | null): number {
  if (a === b) return 0;
  if (a === null) return -1;
  if (b === null) return 1;
  return a < b ? -1 : 1;
}
