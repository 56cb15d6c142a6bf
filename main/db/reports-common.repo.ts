import type { Db } from './connection.js';
import type { ReportFilters } from '../../shared/contracts/reports.js';
import { AppError } from '../../shared/errors.js';
import { fromRanks, quantileRanks } from '../../shared/domain/stats.js';

export interface Where {
  sql: string;
  params: unknown[];
}

/** Offers whose channel (their own, else their campaign's) is the bound value. */
const OFFERS_OF_CHANNEL = `SELECT o.id FROM offers o LEFT JOIN campaigns c ON c.id = o.campaign_id WHERE coalesce(o.channel, c.channel) = ?`;

/** The version's id for its number; a number that names no version is a not-found error, not an empty report. */
export function versionIdOf(db: Db, number: number): string {
  const id = db.prepare('SELECT id FROM criteria_versions WHERE number = ? AND deleted = 0').pluck().get(number) as
    | string
    | undefined;
  if (!id) throw new AppError('not_found', `There is no criteria version ${number}.`);
  return id;
}

/** The version the lift and calibration reports analyse: the one asked for, else the active one. */
export function analysedVersion(db: Db, number: number | undefined): { id: string; number: number } {
  if (number !== undefined) return { id: versionIdOf(db, number), number };
  const row = db
    .prepare(`SELECT id, number FROM criteria_versions WHERE status = 'active' AND deleted = 0`)
    .get() as { id: string; number: number } | undefined;
  if (!row) throw new AppError('not_found', 'No criteria version is active; choose one with a version filter.');
  return row;
}

/**
 * The filters as a predicate over `lead_rollup r`. `withVersion` false leaves the version out (lift
 * and calibration use it to pick the version analysed, not to narrow the leads).
 */
export function rollupWhere(db: Db, f: ReportFilters, withVersion = true): Where {
  const clauses = ['r.deleted = 0'];
  const params: unknown[] = [];
  if (f.from !== undefined) {
    clauses.push('r.created_at >= ?');
    params.push(f.from);
  }
  if (f.to !== undefined) {
    clauses.push('r.created_at < ?');
    params.push(f.to);
  }
  if (withVersion && f.version !== undefined) {
    clauses.push('r.version_id = ?');
    params.push(versionIdOf(db, f.version));
  }
  if (f.campaignId) {
    clauses.push('r.campaign_id = ?');
    params.push(f.campaignId);
  }
  if (f.channel) {
    clauses.push(
      `(r.offer_id IN (${OFFERS_OF_CHANNEL}) OR (r.offer_id IS NULL AND r.campaign_id IN (SELECT id FROM campaigns WHERE channel = ?)))`,
    );
    params.push(f.channel, f.channel);
  }
  if (f.repId) {
    clauses.push('r.owner_id = ?');
    params.push(f.repId);
  }
  return { sql: clauses.join(' AND '), params };
}

export interface GroupQuantiles {
  n: number;
  /** One value per asked p, null when the group is empty. */
  values: (number | null)[];
}

/** A campaign named by id or by name (case-insensitive), for the CLI; null when none or several match. */
export function campaignIdsNamed(db: Db, nameOrId: string): string[] {
  return db
    .prepare('SELECT id FROM campaigns WHERE deleted = 0 AND (id = ? OR name = ? COLLATE NOCASE) LIMIT 2')
    .pluck()
    .all(nameOrId, nameOrId) as string[];
}

/** A user named by id, name or email (case-insensitive), for the CLI. */
export function userIdsNamed(db: Db, nameOrId: string): string[] {
  return db
    .prepare('SELECT id FROM users WHERE deleted = 0 AND (id = ? OR name = ? COLLATE NOCASE OR email = ? COLLATE NOCASE) LIMIT 2')
    .pluck()
    .all(nameOrId, nameOrId, nameOrId) as string[];
}

/** Live leads only, without joining the rollup: the deleted ones are few and have their own partial index. */
export const LEAD_IS_LIVE = (col: string) => `${col} NOT IN (SELECT lead_id FROM lead_rollup WHERE deleted = 1)`;

/** LEAD_IS_LIVE, or nothing to check when no lead is deleted (the usual case: one probe of the partial index). */
export function leadIsLive(db: Db, col: string): string {
  const any = db.prepare('SELECT 1 FROM lead_rollup WHERE deleted = 1 LIMIT 1').get();
  return any ? LEAD_IS_LIVE(col) : '1';
}

/**
 * Quantiles of `expr` over `FROM ... WHERE ...`, read as order statistics: the count, then for each p
 * the one or two rows around its rank (ORDER BY expr LIMIT 2 OFFSET k, from the nearer end). With an index on `expr`
 * whose predicate the WHERE states, each is a walk along the index and nothing is sorted.
 * `knownN`: the count of those rows, when the caller has it.
 */
export function orderedQuantiles(
  db: Db,
  from: string,
  where: string,
  expr: string,
  params: readonly unknown[],
  ps: readonly number[],
  knownN?: number,
): GroupQuantiles {
  // A caller that already counted the rows (in a pass it makes anyway) spares a walk of the index.
  const n = knownN ?? (db.prepare(`SELECT count(*) FROM ${from} WHERE ${where}`).pluck().get(...params) as number);
  const up = db.prepare(`SELECT ${expr} FROM ${from} WHERE ${where} ORDER BY ${expr} LIMIT ? OFFSET ?`).pluck();
  const down = db.prepare(`SELECT ${expr} FROM ${from} WHERE ${where} ORDER BY ${expr} DESC LIMIT ? OFFSET ?`).pluck();
  const values = ps.map((p) => {
    const r = quantileRanks(n, p);
    if (!r) return null;
    const two = r.hi !== r.lo;
    // An offset is a walk of that many entries: a rank past the middle is reached from the top end
    // (the p80 walks a fifth of the index instead of four fifths), its pair then comes high first.
    if (r.lo > n - 1 - r.hi) {
      const vs = down.all(...params, two ? 2 : 1, n - 1 - r.hi) as number[];
      return fromRanks(vs[two ? 1 : 0]!, vs[0]!, r.frac);
    }
    const vs = up.all(...params, two ? 2 : 1, r.lo) as number[];
    return fromRanks(vs[0]!, vs[two ? 1 : 0]!, r.frac);
  });
  return { n, values };
}
