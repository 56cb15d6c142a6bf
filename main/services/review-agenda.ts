import type { Db } from '../db/connection.js';
import { activeVersionId, getVersion, listRules } from '../db/criteria.repo.js';
import { newId } from '../db/ids.js';
import { acceptedWithScores, fieldValueCounts, openSqls, patternScores, rejectedWithScores, type RejectedScore, type ScoredHandoff } from '../db/reviews.repo.js';
import * as scores from '../db/scores.repo.js';
import type { AgendaItem, BlamedRule, FunnelTotals, ReasonBlame } from '../../shared/contracts/reviews.js';
import type { Rule } from '../../shared/domain/criteria.js';
import { decodeContributions } from '../../shared/domain/contribution-codec.js';
import { lowestThreshold } from '../../shared/domain/backtest.js';
import { compileVersion, scoreCompiled, type CompiledVersion, type Contribution } from '../../shared/domain/scoring.js';

import { fieldPattern, offerMovers, PATTERN_FIELD_OF_REASON, pointsToDrop, previousQuarter, quarterRange, rankBlamedRules, type RuleHit } from '../../shared/domain/review-agenda.js';
import { funnel, lift, offers, reasons, sla } from './reports/index.js';

/** The drafted agenda of a quarter's review, from the insights reports and the stored scores. */

const TOP_REASONS = 5;
const WEAK_RULES = 5;
/** A rule matched by fewer MQLs than this has a lift that says little; left off the weakest list. */
const MIN_RULE_MQLS = 20;

function funnelTotals(db: Db, from: number, to: number): FunnelTotals {
  const t = funnel(db, { from, to }).total;
  return { leads: t.leads, mql: t.mql, sal: t.sal, sql: t.sql, won: t.won, open: openSqls(db, from, to) };
}

/** At most this many acceptances are scored for the comparison: a rule's share among them is known to within a point or so. */
const ACCEPTED_SAMPLE = 5000;

/** Every k-th row, so that at most n are kept and they spread over the whole quarter. */
function sampleEvenly<T>(rows: readonly T[], n: number): readonly T[] {
  if (rows.length <= n) return rows;
  const step = rows.length / n;
  return Array.from({ length: n }, (_, i) => rows[Math.floor(i * step)]!);
}

/**
 * The rule contributions of a decided handoff's lead under the handoff's version: from its stored
 * score, or, when the lead has no usable stored score under that version (scored since under another
 * one), scored now as of the handoff with the touchpoints it had then.
 */
function contributionReader(db: Db) {
  const versions = new Map<string, { rules: Rule[]; compiled: CompiledVersion | null }>();
  const versionOf = (id: string) => {
    let v = versions.get(id);
    if (!v) {
      const summary = getVersion(db, id);
      const rules = listRules(db, id);
      v = { rules, compiled: summary ? compileVersion({ id, levels: summary.levels, rules }) : null };
      versions.set(id, v);
    }
    return v;
  };
  let offerTypes: Map<string, string> | null = null;
  return (row: ScoredHandoff): { rules: Rule[]; contributions: Contribution[] } | null => {
    if (!row.versionId) return null;
    const v = versionOf(row.versionId);
    const stored = row.contributions === null ? null : decodeContributions(row.contributions, v.rules, { fit: row.fit ?? 0, engagement: row.engagement ?? 0 });
    if (stored) return { rules: v.rules, contributions: stored };
    if (!v.compiled) return null;
    const lead = scores.leadForScoring(db, row.leadId);
    if (!lead) return null;
    offerTypes ??= scores.offerTypes(db);
    const touches = (scores.touchpointsInRange(db, row.leadId, row.leadId, offerTypes).get(row.leadId) ?? []).filter((t) => t.occurredAt <= row.handedAt);
    return { rules: v.rules, contributions: scoreCompiled(v.compiled, lead.lead, touches, row.handedAt).contributions };
  };
}

/**
 * One key for a rule across versions: a cloned version gives every rule a new id, so a quarter that
 * spans the switch would split one rule into two half-counted ones.
 */
const conditionKey = (r: Rule): string => `${r.kind}|${r.field}|${r.operator}|${JSON.stringify(r.value)}`;

/**
 * For each rejection reason that blames fit or engagement, the rules of that kind that gave its
 * rejected leads points more often than they gave the accepted leads of the same period points
 * (shared/domain/review-agenda.ts rankBlamedRules). Only rules that added points count: one that
 * took points away cannot explain why a lead became an MQL. A rule is known by its condition, so the
 * same rule in two versions of the period is one; it is named as in the latest handoff that used it.
 */
export function blamedRules(db: Db, rows: readonly RejectedScore[], accepted: readonly ScoredHandoff[] = []): Map<string, BlamedRule[]> {
  const read = contributionReader(db);
  const tally = new Map<string, { scored: number; hits: Map<string, RuleHit & { at: number }> }>();
  for (const row of rows) {
    if (row.blame !== 'fit' && row.blame !== 'engagement') continue;
    const scored = read(row);
    if (!scored) continue;
    const reason = tally.get(row.code) ?? { scored: 0, hits: new Map<string, RuleHit & { at: number }>() };
    tally.set(row.code, reason);
    reason.scored += 1;
    for (const c of scored.contributions) {
      if (c.kind !== row.blame || c.points <= 0) continue;
      const rule = scored.rules.find((r) => r.id === c.ruleId);
      const key = rule ? conditionKey(rule) : c.ruleId;
      const named = { ruleId: c.ruleId, label: c.label, kind: row.blame, points: rule?.points ?? c.rawPoints, at: row.handedAt };
      const hit = reason.hits.get(key);
      if (!hit) reason.hits.set(key, { ...named, count: 1 });
      else {
        hit.count += 1;
        if (row.handedAt > hit.at) Object.assign(hit, named);
      }
    }
  }
  const acceptedHits = new Map<string, number>();
  let scoredAccepted = 0;
  if (tally.size > 0) {
    for (const row of sampleEvenly(accepted, ACCEPTED_SAMPLE)) {
      const scored = read(row);
      if (!scored) continue;
      scoredAccepted += 1;
      for (const c of scored.contributions) {
        if (c.points <= 0) continue;
        const rule = scored.rules.find((r) => r.id === c.ruleId);
        const key = rule ? conditionKey(rule) : c.ruleId;
        acceptedHits.set(key, (acceptedHits.get(key) ?? 0) + 1);
      }
    }
  }
  const out = new Map<string, BlamedRule[]>();
  for (const [code, reason] of tally) {
    // The accepted count of each hit's condition, under the id the hit is named by.
    const acceptedOf = new Map([...reason.hits].map(([key, hit]) => [hit.ruleId, acceptedHits.get(key) ?? 0]));
    const hits = [...reason.hits.values()].map(({ at: _at, ...hit }) => hit);
    out.set(code, rankBlamedRules(hits, reason.scored, acceptedOf, scoredAccepted));
  }
  return out;
}

function rejectionItem(db: Db, from: number, to: number): AgendaItem['data'] {
  const report = reasons(db, { from, to }, null);
  const rows = rejectedWithScores(db, from, to);
  const blameOf = new Map(rows.map((r) => [r.code, r.blame]));
  const rules = blamedRules(db, rows, acceptedWithScores(db, from, to));
  const patternOf = (code: string): ReasonBlame['pattern'] => {
    const field = PATTERN_FIELD_OF_REASON[code];
    if (!field) return null;
    const counts = fieldValueCounts(db, field, code, from, to);
    const p = fieldPattern(counts.rejected, counts.accepted);
    if (!p) return null;
    const lowest = new Map<string, number | null>();
    const lowestOf = (versionId: string) => {
      if (!lowest.has(versionId)) {
        const v = getVersion(db, versionId);
        lowest.set(versionId, v ? lowestThreshold(v) : null);
      }
      return lowest.get(versionId)!;
    };
    // How far above the line each was when it was handed off: a current score has decayed since.
    const margins = patternScores(db, field, p.values, code, from, to).flatMap((x) => {
      const line = lowestOf(x.versionId);
      return line === null ? [] : [Math.max(0, x.score - line)];
    });
    const toDrop = pointsToDrop(margins);
    return { field, ...p, ...(toDrop === undefined ? {} : { toDrop }) };
  };
  const top: ReasonBlame[] = report.rejection.slice(0, TOP_REASONS).map((bar) => ({
    code: bar.code ?? '',
    label: bar.label,
    blame: blameOf.get(bar.code ?? '') ?? 'data',
    count: bar.count,
    share: bar.share,
    rules: rules.get(bar.code ?? '') ?? [],
    pattern: patternOf(bar.code ?? ''),
  }));
  return { kind: 'rejections', rejected: report.rejected, decided: report.decided, reasons: top };
}

function offersItem(db: Db, quarter: string): AgendaItem['data'] {
  const cur = quarterRange(quarter);
  const prev = quarterRange(previousQuarter(quarter));
  const rows = (from: number, to: number) => offers(db, { from, to }, 'first').rows.filter((r) => r.group === 'offer');
  return { kind: 'offers', movers: offerMovers(rows(cur.from, cur.to), rows(prev.from, prev.to)) };
}

function slaItem(db: Db, from: number, to: number, asOf: number): AgendaItem['data'] {
  const r = sla(db, { from, to }, asOf);
  const reps = r.rows
    .filter((x) => x.breached > 0)
    .sort((a, b) => b.breached - a.breached || a.repName.localeCompare(b.repName))
    .slice(0, 6)
    .map((x) => ({ repName: x.repName, handoffs: x.handoffs, breached: x.breached, breachRate: x.breachRate }));
  return { kind: 'sla', handoffs: r.total.handoffs, breached: r.total.breached, breachRate: r.total.breachRate, reps };
}

function liftItem(db: Db, from: number, to: number, minMqls: number): AgendaItem['data'] {
  if (!activeVersionId(db)) return { kind: 'lift', version: null, rules: [] };
  const r = lift(db, { from, to }, null);
  const weakest = r.rows
    .filter((x) => x.kind === 'rule' && x.n >= minMqls && x.lift !== null)
    .sort((a, b) => (a.lift ?? 0) - (b.lift ?? 0) || b.n - a.n)
    .slice(0, WEAK_RULES)
    .map((x) => ({ ruleId: x.key ?? '', label: x.label, kind: x.ruleKind ?? 'fit', n: x.n, winRate: x.winRate, otherWinRate: x.otherWinRate, lift: x.lift }));
  return { kind: 'lift', version: r.version, rules: weakest };
}

/** Titles are English here and shown as stored (a hand-added item has the user's own words too). */
export function draftAgenda(db: Db, quarter: string, asOf: number, opts: { minRuleMqls?: number } = {}): AgendaItem[] {
  const { from, to } = quarterRange(quarter);
  const prevQ = previousQuarter(quarter);
  const prev = quarterRange(prevQ);
  const item = (title: string, data: AgendaItem['data']): AgendaItem => ({ id: newId(), title, data, note: '' });
  return [
    item(`Funnel: ${quarter} against ${prevQ}`, { kind: 'funnel', current: funnelTotals(db, from, to), previous: funnelTotals(db, prev.from, prev.to), previousQuarter: prevQ }),
    item('Top rejection reasons and the rules they blame', rejectionItem(db, from, to)),
    item('Offers whose quality rose or fell most', offersItem(db, quarter)),
    item('SLA breaches', slaItem(db, from, to, Math.min(asOf, to))),
    item('Criteria rules with the weakest lift', liftItem(db, from, to, opts.minRuleMqls ?? MIN_RULE_MQLS)),
    item('Open proposals', { kind: 'proposals' }),
  ];
}
