import type { Db } from '../db/connection.js';
import type { ProbabilityCurve } from '../../shared/contracts/backtest.js';
import { isotonic } from '../../shared/domain/backtest-probability.js';
import { calibration } from './reports/index.js';
import { get as getVersion } from './criteria.js';

/**
 * The win probability per score of a version, from the calibration report (win rate by decile of the
 * leads' stored scores under it), made monotone by isotonic regression. A version never scored has
 * no bands: the backtest gives its as-of curve instead.
 */
export function probabilityCurve(db: Db, versionId: string): ProbabilityCurve {
  const v = getVersion(db, versionId);
  const c = calibration(db, { version: v.number });
  const bands = isotonic(c.rows.map((r) => ({ minScore: r.minScore, maxScore: r.maxScore, n: r.n, won: r.won })));
  return { version: v.number, scored: c.scored, won: c.won, bands };
}
