import { useMemo } from 'react';
import type { ReportFilters } from '../../../../shared/contracts/reports.js';
import { toReportFilters, useReportParams, type ReportParams } from './report-params.js';

/** A report page's state from the URL hash: the raw params, the contract filters, and a setter. */
export function useReportPage(page: string): {
  params: ReportParams;
  filters: ReportFilters;
  setParams: (next: ReportParams) => void;
  setParam: (key: string, value: string) => void;
} {
  const [params, setParams] = useReportParams(page);
  const filters = useMemo(() => toReportFilters(params), [params]);
  return { params, filters, setParams, setParam: (key, value) => setParams({ ...params, [key]: value }) };
}
