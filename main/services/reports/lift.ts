import type { Db } from '../../db/connection.js';
import { listRules } from '../../db/criteria.repo.js';
import { analysedVersion } from '../../db/reports-common.repo.js';
import { calibrationDeciles, calibrationScope, ruleMatchCounts, valueCounts } from '../../db/reports-lift.repo.js';
import type { Calibration, Lift, LiftRow, ReportFilters } from '../../../shared/contracts/reports.js';
import { lift as liftOf, rate, wilson } from '../../../shared/domain/stats.js';

function compare(
  kind: LiftRow['kind'],
  key: string | null,
  label: string,
  ruleKind: LiftRow['ruleKind'],
  n: number,
  won: number,
  population: number,
  popWon: number,
): LiftRow {
  const otherN = population - n;
  const otherWon = popWon - won;
  const winRate = rate(won, n);
  const otherWinRate = rate(otherWon, otherN);
  return {
    kind,
    key,
    label,
    ruleKind,
    n,
    won,
    winRate,
    interval: wilson(won, n),
    otherN,
    otherWon,
    otherWinRate,
    otherInterval: wilson(otherWon, otherN),
    lift: liftOf(winRate, otherWinRate),
  };
}

/** Highest lift first; rows whose lift is unknown (no MQL on one side, or no win outside) last, by n. */
const byLift = (a: LiftRow, b: LiftRow) =>
  (b.lift ?? -Infinity) - (a.lift ?? -Infinity) || b.n - a.n || a.label.localeCompare(b.label);

/**
 * For every rule of the version (and every value of `field`): the win rate of the MQLs that match
 * against those that do not, with Wilson intervals.
 */
export function lift(db: Db, filters: ReportFilters, field: string | null): Lift {
  const v = analysedVersion(db, filters.version);
  const rules = listRules(db, v.id);
  const analysed = rules.filter((r) => r.kind !== 'sql');
  const counts = ruleMatchCounts(db, filters, analysed);
  const rows = analysed.map((r, i) =>
    compare(
      'rule',
      r.id,
      r.label,
      r.kind as LiftRow['ruleKind'],
      counts.rules[i]!.n,
      counts.rules[i]!.won,
      counts.population,
      counts.won,
    ),
  );
  if (field) {
    for (const c of valueCounts(db, filters, field)) {
      const key = c.value === null ? null : String(c.value);
      rows.push(compare('value', key, c.label ?? key ?? '(empty)', null, c.n, c.won, counts.population, counts.won));
    }
  }
  rows.sort(byLift);
  return {
    version: v.number,
    field,
    population: counts.population,
    won: counts.won,
    rows,
    skippedRules: rules.filter((r) => r.kind === 'sql').map((r) => ({ id: r.id, label: r.label })),
  };
}

/** Win rate by decile of the current score under the version. */
export function calibration(db: Db, filters: ReportFilters): Calibration {
  const v = analysedVersion(db, filters.version);
  const deciles = calibrationDeciles(db, filters, v.id);
  return {
    version: v.number,
    scored: deciles.reduce((s, d) => s + d.n, 0),
    leads: calibrationScope(db, filters),
    won: deciles.reduce((s, d) => s + d.won, 0),
    rows: deciles.map((d) => ({ ...d, winRate: rate(d.won, d.n), interval: wilson(d.won, d.n) })),
  };
}
