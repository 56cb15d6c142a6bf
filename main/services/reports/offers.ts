import type { Db } from '../../db/connection.js';
import { attributedCounts, costLines, wonCurrencies, type AttributedCounts, type CostLine } from '../../db/reports-offers.repo.js';
import type { Attribution, OfferRow, Offers, ReportFilters } from '../../../shared/contracts/reports.js';
import { OFFER_GROUPS } from '../../../shared/contracts/reports.js';
import { rate, ratio } from '../../../shared/domain/stats.js';
import { ratesAgainst, reportingCurrency } from '../../db/currency.repo.js';

type Group = (typeof OFFER_GROUPS)[number];

/** Which key and label a line (counts or cost) has in each grouping. */
const KEY: Record<Group, (l: AttributedCounts | CostLine) => { key: string | null; label: string | null }> = {
  offer: (l) => ({ key: l.offerId, label: l.offerName }),
  campaign: (l) => ({ key: l.campaignId, label: l.campaignName }),
  channel: (l) => ({ key: l.channel, label: l.channel }),
  landingPage: (l) => ({ key: l.landingPage, label: l.landingPage }),
};

const NONE: Record<Group, string> = {
  offer: '(no offer)',
  campaign: '(no campaign)',
  channel: '(no channel)',
  landingPage: '(no landing page)',
};

interface Acc {
  label: string | null;
  mqls: number;
  sals: number;
  sqls: number;
  won: number;
  revenue: number;
  cost: number;
}

/**
 * Per offer, campaign, channel and landing page: the MQLs attributed to it and what became of them,
 * against what it cost. The counting is done by SQL (one row per attributed offer); this only adds
 * those rows up per grouping and divides. Costs are only counted where a cost line belongs: a campaign's
 * own cost is not an offer's, so it shows under campaign and channel but not under offer or landing page.
 */
export function offers(db: Db, filters: ReportFilters, attribution: Attribution): Offers {
  const counts = attributedCounts(db, filters, attribution);
  const costs = costLines(db);
  const rows: OfferRow[] = [];
  for (const group of OFFER_GROUPS) {
    const acc = new Map<string | null, Acc>();
    const at = (key: string | null, label: string | null): Acc => {
      let a = acc.get(key);
      if (!a) acc.set(key, (a = { label, mqls: 0, sals: 0, sqls: 0, won: 0, revenue: 0, cost: 0 }));
      a.label ??= label;
      return a;
    };
    for (const c of counts) {
      const k = KEY[group](c);
      const a = at(k.key, k.label);
      a.mqls += c.mqls;
      a.sals += c.sals;
      a.sqls += c.sqls;
      a.won += c.won;
      a.revenue += c.revenue;
    }
    for (const l of costs) {
      const k = KEY[group](l);
      // A campaign's own cost line has no offer and no landing page: it belongs to no offer row.
      if (k.key === null && l.offerId === null && (group === 'offer' || group === 'landingPage')) continue;
      at(k.key, k.label).cost += l.cost;
    }
    for (const [key, a] of acc) {
      if (a.mqls === 0 && a.cost === 0) continue;
      rows.push({
        group,
        key,
        label: a.label ?? NONE[group],
        mqls: a.mqls,
        sals: a.sals,
        sqls: a.sqls,
        won: a.won,
        salRate: rate(a.sals, a.mqls),
        sqlRate: rate(a.sqls, a.mqls),
        wonRate: rate(a.won, a.mqls),
        revenue: a.revenue,
        revenuePerMql: ratio(a.revenue, a.mqls),
        cost: a.cost,
        // No recorded cost is not a free channel: cost per MQL and CAC are unknown ("–"), as ROI is.
        costPerMql: a.cost > 0 ? ratio(a.cost, a.mqls) : null,
        cac: a.cost > 0 ? ratio(a.cost, a.won) : null,
        roi: ratio(a.revenue - a.cost, a.cost),
      });
    }
  }
  const order = (g: Group) => OFFER_GROUPS.indexOf(g);
  rows.sort((a, b) => order(a.group) - order(b.group) || b.mqls - a.mqls || a.label.localeCompare(b.label));
  const currencies = wonCurrencies(db, filters);
  const base = reportingCurrency(db);
  const rated = new Set(base ? ratesAgainst(db, base).map((r) => r.code) : []);
  const unconverted = new Set(base ? currencies.filter((c) => c !== base && !rated.has(c)) : []);
  for (const l of costs) if (l.unconverted) unconverted.add(l.unconverted);
  const campaignCost = costs.reduce((sum, l) => (l.offerId === null ? sum + l.cost : sum), 0);
  return { attribution, currencies, reportingCurrency: base, unconverted: [...unconverted].sort(), campaignCost, rows };
}
