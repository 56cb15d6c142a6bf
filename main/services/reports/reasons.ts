import type { Db } from '../../db/connection.js';
import {
  acceptedCount,
  closedCount,
  decidedCount,
  lossCounts,
  rejectionCounts,
  type ReasonCount,
  type ReasonSplit,
} from '../../db/reports-reasons.repo.js';
import type { ReasonBar, Reasons, ReportFilters } from '../../../shared/contracts/reports.js';

/** Bars largest first, each with its share, the running (Pareto) share and its splits. */
function pareto(kind: ReasonBar['kind'], counts: ReasonCount[], split: ReasonSplit | null): ReasonBar[] {
  const bars = new Map<string | null, ReasonBar>();
  for (const c of counts) {
    let b = bars.get(c.reasonId);
    if (!b) {
      b = {
        kind,
        reasonId: c.reasonId,
        code: c.code,
        label: c.label ?? '(no reason)',
        count: 0,
        share: 0,
        cumulativeShare: 0,
        splits: [],
      };
      bars.set(c.reasonId, b);
    }
    b.count += c.count;
    if (split) b.splits.push({ key: c.splitKey, label: c.splitLabel ?? '(none)', count: c.count });
  }
  const total = counts.reduce((s, c) => s + c.count, 0);
  const sorted = [...bars.values()].sort((a, b) => b.count - a.count || a.label.localeCompare(b.label));
  let running = 0;
  for (const b of sorted) {
    running += b.count;
    b.share = total > 0 ? b.count / total : 0;
    b.cumulativeShare = total > 0 ? running / total : 0;
    b.splits.sort((x, y) => y.count - x.count || x.label.localeCompare(y.label));
  }
  return sorted;
}

/** Rejection reasons (handoffs decided in the range) and loss reasons (outcomes closed in it), as Paretos. */
export function reasons(db: Db, filters: ReportFilters, splitBy: ReasonSplit | null): Reasons {
  const rejectionSplit = splitBy === 'competitor' ? null : splitBy;
  const rejection = pareto('rejection', rejectionCounts(db, filters, rejectionSplit), rejectionSplit);
  const loss = pareto('loss', lossCounts(db, filters, splitBy), splitBy);
  const rejected = rejection.reduce((s, b) => s + b.count, 0);
  return {
    rejected,
    // Without a split the rejections were counted over decidedCount's own predicate (a split by offer,
    // campaign or channel joins the rollup, which a handoff of a lead without a rollup row would miss).
    decided: rejectionSplit === null ? rejected + acceptedCount(db, filters) : decidedCount(db, filters),
    lost: loss.reduce((s, b) => s + b.count, 0),
    closed: closedCount(db, filters),
    rejection,
    loss,
  };
}
