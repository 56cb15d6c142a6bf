import type { Db } from '../db/connection.js';
import { toRow } from '../db/handoffs.repo.js';
import * as r from '../db/handoffs-reports.repo.js';
import { now } from '../db/ids.js';
import { workspaceTimeZone } from '../db/sla-settings.repo.js';
import { listUsers } from '../db/users.repo.js';
import type { HandoffRow, LoopFilters, Pareto, RepSlaRow } from '../../shared/contracts/handoffs.js';
import { instantOfLocalDay, offsetChanges } from '../../shared/domain/sla.js';

/** The manager's and marketing's views of the loop. */

const HOUR = 3_600_000;
const NONE = '(none)';

/** Pending, breached, decided and acceptance per rep; every sales rep is listed, even with nothing yet. */
export function slaByRep(db: Db, filters: LoopFilters, at = now()): RepSlaRow[] {
  const rows: RepSlaRow[] = r.slaByRep(db, filters, at).map((x) => ({
    repId: x.rep_id,
    repName: x.rep_name,
    pending: x.pending,
    breachedPending: x.breached_pending,
    decided: x.decided,
    breachedDecided: x.breached_decided,
    accepted: x.accepted,
    acceptanceRate: x.decided > 0 ? x.accepted / x.decided : null,
    medianHoursToDecision: x.median_ms === null ? null : Math.round((x.median_ms / HOUR) * 10) / 10,
  }));
  if (filters.repId) return rows;
  const listed = new Set(rows.map((x) => x.repId));
  for (const u of listUsers(db)) {
    if (u.team !== 'sales' || listed.has(u.id)) continue;
    rows.push({ repId: u.id, repName: u.name, pending: 0, breachedPending: 0, decided: 0, breachedDecided: 0, accepted: 0, acceptanceRate: null, medianHoursToDecision: null });
  }
  return rows.sort((a, b) => (a.repName === null ? 1 : b.repName === null ? -1 : a.repName.localeCompare(b.repName)));
}

export function pareto(db: Db, filters: LoopFilters, splitBy: r.Split | null): Pareto {
  const totals = r.decisionTotals(db, filters);
  const reasons = r.rejectionsByReason(db, filters);
  const splits = new Map<string, { key: string | null; label: string; count: number }[]>();
  if (splitBy) {
    for (const s of r.rejectionsBySplit(db, filters, splitBy)) {
      const list = splits.get(s.reason_id) ?? [];
      list.push({ key: s.k, label: s.label ?? NONE, count: s.n });
      splits.set(s.reason_id, list);
    }
  }
  let cumulative = 0;
  const bars = reasons.map((x) => {
    cumulative += x.n;
    return {
      reasonId: x.reason_id,
      code: x.code,
      label: x.label,
      blame: x.blame,
      count: x.n,
      share: totals.rejected > 0 ? x.n / totals.rejected : 0,
      cumulativeShare: totals.rejected > 0 ? cumulative / totals.rejected : 0,
      splits: splits.get(x.reason_id) ?? [],
    };
  });
  return { rejected: totals.rejected, decided: totals.decided, bars };
}

export function drill(
  db: Db,
  input: { filters: LoopFilters; reasonId: string; splitBy: r.Split | null; splitKey: string | null; limit: number },
  at = now(),
): HandoffRow[] {
  const split = input.splitBy ? { by: input.splitBy, key: input.splitKey } : null;
  return r.drillRecords(db, input.filters, input.reasonId, split, input.limit).map((x) => toRow(x, at));
}

/** Acceptance by ISO week of handoff, Monday 00:00 in the workspace time zone; weeks without handoffs are zeros. */
export function acceptanceTrend(db: Db, filters: LoopFilters): { weekStart: number; decided: number; accepted: number; rate: number | null }[] {
  const range = r.handedRange(db, filters);
  if (range.lo === null || range.hi === null) return [];
  const tz = workspaceTimeZone(db);
  const weeks = r.weeklyDecisions(db, filters, offsetChanges(range.lo - 7 * 24 * HOUR, range.hi + 24 * HOUR, tz));
  if (weeks.length === 0) return [];
  const byDay = new Map(weeks.map((w) => [w.day, w]));
  const out: { weekStart: number; decided: number; accepted: number; rate: number | null }[] = [];
  for (let d = weeks[0]!.day; d <= weeks[weeks.length - 1]!.day; d += 7) {
    const w = byDay.get(d);
    const decided = w?.decided ?? 0;
    const accepted = w?.accepted ?? 0;
    out.push({ weekStart: instantOfLocalDay(d, tz), decided, accepted, rate: decided > 0 ? accepted / decided : null });
  }
  return out;
}
