import { keepPreviousData, useQuery } from '@tanstack/react-query';
import {
  reports,
  type Attribution,
  type ReportExportInput,
  type ReportFilters,
  REASON_SPLITS,
} from '../../../shared/contracts/reports.js';
import { call } from '../api.js';
import { keys } from './keys.js';

export type ReasonSplit = (typeof REASON_SPLITS)[number] | null;

/*
 * The win/loss reports read leads, touchpoints, handoffs, stage events and outcomes: their keys sit
 * under keys.leads, so the data:changed events that refresh the lead views refresh these too.
 */
const reportKey = (name: string, ...rest: unknown[]) => [...keys.leads, 'reports', name, ...rest] as const;
const common = { placeholderData: keepPreviousData } as const;

export const useFunnelReport = (filters: ReportFilters) =>
  useQuery({ queryKey: reportKey('funnel', filters), queryFn: () => call(reports.funnel, { filters }), ...common });

export const useVelocityReport = (filters: ReportFilters) =>
  useQuery({ queryKey: reportKey('velocity', filters), queryFn: () => call(reports.velocity, { filters }), ...common });

export const useOffersReport = (filters: ReportFilters, attribution: Attribution) =>
  useQuery({
    queryKey: reportKey('offers', filters, attribution),
    queryFn: () => call(reports.offers, { filters, attribution }),
    ...common,
  });

export const useReasonsReport = (filters: ReportFilters, splitBy: ReasonSplit) =>
  useQuery({
    queryKey: reportKey('reasons', filters, splitBy),
    queryFn: () => call(reports.reasons, { filters, splitBy }),
    ...common,
  });

export const useLiftReport = (filters: ReportFilters, field: string | null) =>
  useQuery({ queryKey: reportKey('lift', filters, field), queryFn: () => call(reports.lift, { filters, field }), ...common });

export const useCalibrationReport = (filters: ReportFilters) =>
  useQuery({ queryKey: reportKey('calibration', filters), queryFn: () => call(reports.calibration, { filters }), ...common });

export const useSlaReport = (filters: ReportFilters) =>
  useQuery({ queryKey: reportKey('sla', filters), queryFn: () => call(reports.sla, { filters }), ...common });

/** The report's table as a CSV file (for ExportButton's `run`). */
export const exportReportCsv = (input: Partial<ReportExportInput> & Pick<ReportExportInput, 'report' | 'filters'>) =>
  call(reports.exportCsv, input);
