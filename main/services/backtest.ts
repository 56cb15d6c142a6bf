import type { Db } from '../db/connection.js';
import { now } from '../db/ids.js';
import { activeVersionId } from '../db/criteria.repo.js';
import { countHistory, historyReader, outcomeCounts, touchpointReader, type HistoryLead } from '../db/backtest.repo.js';
import type { BacktestParams, BacktestResult } from '../../shared/contracts/backtest.js';
import type { VersionDetail } from '../../shared/contracts/criteria.js';
import { BacktestTally, decisionMoment, difference, type LazyScore, type LeadFacts } from '../../shared/domain/backtest.js';
import { compileVersion, expandScore, scoreCompact, type CompiledVersion, type ScoringLead, type ScoringTouchpoint } from '../../shared/domain/scoring.js';
import { AppError } from '../../shared/errors.js';
import { get as getVersion } from './criteria.js';

export interface BacktestOptions {
  chunk?: number;
  onProgress?: (done: number, total: number) => void;
  isCancelled?: () => boolean;
}

export class BacktestCancelled extends AppError {
  constructor() {
    super('conflict', 'Backtest cancelled.');
  }
}

const ref = (v: VersionDetail) => ({ id: v.id, number: v.number, name: v.name, status: v.status, ruleCount: v.rules.length });

export function facts(l: HistoryLead, decisionDays: number): LeadFacts {
  return {
    leadId: l.id,
    name: l.name,
    company: l.company,
    createdAt: l.createdAt,
    decisionAt: decisionMoment(l.createdAt, l.handedAt, decisionDays),
    decision: l.decision,
    reasonCode: l.reasonCode,
    reasonLabel: l.reasonLabel,
    sql: l.sqlAt !== null,
    won: l.wonAt !== null,
    revenue: l.revenue,
  };
}

/**
 * Score every lead of the period under the version (and the one compared with) as of its decision
 * moment, using only touchpoints at or before it, and tally against what happened. Reads only: no
 * score, handoff or stage is written, so a backtest can run beside anything.
 */
function lazyScore(v: CompiledVersion, lead: ScoringLead, touches: readonly ScoringTouchpoint[], asOf: number): LazyScore {
  const c = scoreCompact(v, lead, touches, asOf);
  return { total: c.total, level: c.level, expand: () => expandScore(v.rules, c) };
}

export function runBacktest(db: Db, params: BacktestParams, opts: BacktestOptions = {}): BacktestResult {
  const version = getVersion(db, params.versionId);
  const baseId = params.compareToId ?? activeVersionId(db);
  const baseline = baseId && baseId !== version.id ? getVersion(db, baseId) : baseId === version.id ? version : null;
  const period = { from: params.from ?? null, to: params.to ?? null };
  const total = countHistory(db, period);
  if (total === 0) {
    throw new AppError('validation', 'No leads were created in that period; choose another period.');
  }
  const warnings: string[] = [];
  const scored = (v: VersionDetail) => v.rules.filter((r) => r.kind !== 'sql');
  if (scored(version).length === 0) warnings.push(`Version ${version.number} has no scoring rules: every lead scores 0.`);
  const outcomes = outcomeCounts(db, period);
  if (outcomes.won + outcomes.lost === 0) warnings.push('No lead of this period has a won or lost outcome: win rates and missed deals cannot be judged.');
  if (outcomes.decided === 0) warnings.push('No handoff of this period was accepted or rejected: acceptance cannot be judged.');

  const cv = compileVersion(version);
  const cb = baseline && baseline !== version ? compileVersion(baseline) : null;
  const tally = new BacktestTally(version);
  const baseTally = baseline ? (baseline === version ? null : new BacktestTally(baseline)) : null;
  const read = historyReader(db, period);
  const touches = touchpointReader(db);
  const chunk = opts.chunk ?? 5000;
  const readAll = db.transaction(() => {
    let after = '';
    let done = 0;
    for (;;) {
      if (opts.isCancelled?.()) throw new BacktestCancelled();
      const leads = read.after(after, chunk);
      if (leads.length === 0) break;
      const tps = touches.inRange(leads[0]!.id, leads[leads.length - 1]!.id);
      for (const l of leads) {
        const f = facts(l, params.decisionDays);
        const t = tps.get(l.id) ?? [];
        const s = lazyScore(cv, l.lead, t, f.decisionAt);
        if (cb && baseTally) {
          const b = lazyScore(cb, l.lead, t, f.decisionAt);
          const baseMql = b.level !== null;
          const mql = tally.add(f, s, baseMql);
          baseTally.add(f, b, mql);
        } else tally.add(f, s);
      }
      done += leads.length;
      after = leads[leads.length - 1]!.id;
      opts.onProgress?.(done, total);
    }
  });
  // One read transaction: every chunk sees the same snapshot even while others write.
  readAll.deferred();
  const candidate = tally.result();
  const baselineResult = baseline === version ? candidate : (baseTally?.result() ?? null);
  return {
    version: ref(version),
    baseline: baseline ? ref(baseline) : null,
    params: { from: period.from, to: period.to, decisionDays: params.decisionDays },
    computedAt: now(),
    outcomes,
    candidate,
    baselineResult,
    difference: baselineResult ? difference(candidate, baselineResult) : null,
    warnings,
  };
}
