import type { Calibration, Funnel, Lift, Offers, Reasons, ReportName, Sla, Velocity } from '../../../shared/contracts/reports.js';
import { csvLine } from '../../../shared/domain/import/csv-out.js';

/** Each report's data as the rows of its CSV (the CLI's --csv and reports:exportCsv print the same table). */
export type ReportData = {
  funnel: Funnel;
  velocity: Velocity;
  offers: Offers;
  reasons: Reasons;
  lift: Lift;
  calibration: Calibration;
  sla: Sla;
};

export function reportTable<N extends ReportName>(name: N, data: ReportData[N]): Record<string, unknown>[] {
  switch (name) {
    case 'funnel': {
      const r = data as Funnel;
      return [...r.rows, r.total];
    }
    case 'reasons': {
      const r = data as Reasons;
      return [...r.rejection, ...r.loss].flatMap((b) =>
        b.splits.length
          ? b.splits.map((s) => ({ ...b, splits: undefined, splitKey: s.key, splitLabel: s.label, splitCount: s.count }))
          : [{ ...b, splits: undefined }],
      );
    }
    case 'offers': {
      // The money columns' currency on every line: the reporting one, else the one the deals are in (none when mixed).
      const r = data as Offers;
      const currency = r.reportingCurrency ?? (r.currencies.length === 1 ? r.currencies[0]! : null);
      return r.rows.map((row) => ({ ...row, currency }));
    }
    case 'sla': {
      const r = data as Sla;
      return [...r.rows, r.total];
    }
    default:
      return (data as Velocity | Lift | Calibration).rows;
  }
}

/** Flatten nested values (intervals) into columns; the header is the union of keys in first-seen order. Lines end in CR (the printer adds the LF). */
export function toCsv(table: Record<string, unknown>[]): string[] {
  const flat = table.map((row) => {
    const out: Record<string, unknown> = {};
    for (const [k, val] of Object.entries(row)) {
      if (val === undefined) continue;
      if (val !== null && typeof val === 'object' && !Array.isArray(val))
        for (const [k2, v2] of Object.entries(val)) out[`${k}_${k2}`] = v2;
      else if (val === null && (k === 'interval' || k === 'otherInterval')) {
        out[`${k}_low`] = null;
        out[`${k}_high`] = null;
      } else out[k] = val;
    }
    return out;
  });
  const header: string[] = [];
  for (const r of flat) for (const k of Object.keys(r)) if (!header.includes(k)) header.push(k);
  // csvLine ends in CRLF; the printer adds the LF.
  return [csvLine(header), ...flat.map((r) => csvLine(header.map((h) => r[h] ?? null)))].map((l) => l.slice(0, -1));
}
