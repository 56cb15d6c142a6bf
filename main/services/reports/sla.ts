import type { Db } from '../../db/connection.js';
import { now } from '../../db/ids.js';
import { decisionHours, slaCounts, type SlaCounts } from '../../db/reports-sla.repo.js';
import type { GroupQuantiles } from '../../db/reports-common.repo.js';
import type { ReportFilters, Sla, SlaRow } from '../../../shared/contracts/reports.js';
import { rate } from '../../../shared/domain/stats.js';

function row(c: SlaCounts, q: GroupQuantiles | null | undefined): SlaRow {
  const breached = c.pendingBreached + c.decidedLate;
  return {
    repId: c.repId,
    repName: c.repName ?? '(unassigned)',
    handoffs: c.handoffs,
    pending: c.pending,
    pendingBreached: c.pendingBreached,
    decided: c.decided,
    decidedLate: c.decidedLate,
    breached,
    breachRate: rate(breached, c.withDue),
    medianHoursToDecision: q && q.n > 0 ? (q.values[0] ?? null) : null,
    p80HoursToDecision: q && q.n > 0 ? (q.values[1] ?? null) : null,
  };
}

/** SLA breaches and time to decision per rep and over all, as of `asOf`. */
export function sla(db: Db, filters: ReportFilters, asOf = now()): Sla {
  const counts = slaCounts(db, filters, asOf);
  const hours = decisionHours(db, filters, counts);
  const sum = (k: keyof Omit<SlaCounts, 'repId' | 'repName'>) => counts.reduce((s, c) => s + c[k], 0);
  const total: SlaCounts = {
    repId: null,
    repName: 'All reps',
    handoffs: sum('handoffs'),
    withDue: sum('withDue'),
    pending: sum('pending'),
    pendingBreached: sum('pendingBreached'),
    decided: sum('decided'),
    decidedLate: sum('decidedLate'),
    timed: sum('timed'),
  };
  return { asOf, total: row(total, hours.all), rows: counts.map((c) => row(c, hours.perRep.get(c.repId))) };
}
