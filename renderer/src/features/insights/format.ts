import { useMemo } from 'react';
import { useIntl } from 'react-intl';

/** The report pages' number formats, all through Intl: a missing rate (nothing to divide by) is an en dash. */
export function useReportFormat(currencies: readonly string[] = []) {
  const intl = useIntl();
  return useMemo(() => {
    const dash = '–';
    const currency = currencies.length === 1 ? currencies[0]! : null;
    return {
      num: (n: number | null) => (n === null ? dash : intl.formatNumber(n)),
      pct: (n: number | null, digits = 0) =>
        n === null ? dash : intl.formatNumber(n, { style: 'percent', maximumFractionDigits: digits, minimumFractionDigits: digits }),
      dec: (n: number | null, digits = 1) =>
        n === null ? dash : intl.formatNumber(n, { maximumFractionDigits: digits, minimumFractionDigits: digits }),
      /** Amounts in the report's one currency; mixed currencies are summed as recorded and shown as plain numbers. */
      money: (n: number | null) =>
        n === null
          ? dash
          : currency
            ? intl.formatNumber(n, { style: 'currency', currency, maximumFractionDigits: 0 })
            : intl.formatNumber(n, { maximumFractionDigits: 0 }),
      ratio: (n: number | null) => (n === null ? dash : intl.formatNumber(n, { maximumFractionDigits: 2, minimumFractionDigits: 2 })),
      month: (cohort: string) => {
        const t = Date.parse(`${cohort}-01T00:00:00Z`);
        return Number.isFinite(t) ? intl.formatDate(t, { year: 'numeric', month: 'short', timeZone: 'UTC' }) : cohort;
      },
      dateTime: (ms: number) => intl.formatDate(ms, { dateStyle: 'medium', timeStyle: 'short' }),
    };
  }, [intl, currencies]);
}
export type ReportFormat = ReturnType<typeof useReportFormat>;
