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

/**
 * Quantiles per group, computed in SQL: `valuesSql` yields (g, v) rows; SQLite sorts them and returns
 * only the two order statistics around each quantile, which are interpolated here (R-7, see stats.ts).
 */
export function groupQuantiles(
  db: Db,
  valuesSql: string,
  params: readonly unknown[],
  ps: readonly number[],
): Map<string | null, GroupQuantiles> {
  const rows = db
    .prepare(
      `WITH d(g, v) AS (${valuesSql}),
       s AS (SELECT g, v, row_number() OVER (PARTITION BY g ORDER BY v) - 1 AS i, count(*) OVER (PARTITION BY g) AS n FROM d)
       SELECT g, v, i, n FROM s
       WHERE EXISTS (SELECT 1 FROM json_each(?) p WHERE s.i IN (CAST((s.n - 1) * p.value AS INTEGER), CAST((s.n - 1) * p.value AS INTEGER) + 1))
       ORDER BY g, i`,
    )
    .all(...params, JSON.stringify(ps)) as { g: string | null; v: number; i: number; n: number }[];
  const byGroup = new Map<string | null, { n: number; at: Map<number, number> }>();
  for (const r of rows) {
    let e = byGroup.get(r.g);
    if (!e) byGroup.set(r.g, (e = { n: r.n, at: new Map() }));
    e.at.set(r.i, r.v);
  }
  const out = new Map<string | null, GroupQuantiles>();
  for (const [g, e] of byGroup) {
    out.set(g, {
      n: e.n,
      values: ps.map((p) => {
        const q = quantileRanks(e.n, p);
        if (!q) return null;
        return fromRanks(e.at.get(q.lo)!, e.at.get(q.hi)!, q.frac);
      }),
    });
  }
  return out;
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
