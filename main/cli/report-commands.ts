import { openWorkspace, type Db } from '../db/connection.js';
import { campaignIdsNamed, userIdsNamed } from '../db/reports-common.repo.js';
import * as reports from '../services/reports/index.js';
import {
  AttributionSchema,
  LiftFieldSchema,
  REASON_SPLITS,
  REPORT_NAMES,
  ReportFiltersSchema,
  type ReportFilters,
  type ReportName,
} from '../../shared/contracts/reports.js';
import { reportTable, toCsv } from '../services/reports/export-table.js';
import { AppError, describeIssues } from '../../shared/errors.js';
import type { Command } from './commands.js';

const DAY = 86_400_000;

/** A date as YYYY-MM-DD (UTC) or a full ISO time; a bare date as --to means through the end of that day. */
export function parseDate(value: string, name: string, endOfDay: boolean): number {
  const bare = /^\d{4}-\d{2}-\d{2}$/.test(value);
  const t = bare ? Date.parse(`${value}T00:00:00Z`) : /^\d{4}-\d{2}-\d{2}T/.test(value) ? Date.parse(value) : NaN;
  if (!Number.isFinite(t)) throw new AppError('validation', `--${name} must be a date like 2026-03-31 (got "${value}").`);
  return bare && endOfDay ? t + DAY : t;
}

function one(ids: string[], what: string, value: string): string {
  if (ids.length === 0) throw new AppError('not_found', `No ${what} "${value}".`);
  if (ids.length > 1) throw new AppError('validation', `More than one ${what} is called "${value}"; use its id.`);
  return ids[0]!;
}

type Values = Record<string, string | boolean | undefined>;
const str = (v: string | boolean | undefined): string | undefined => (typeof v === 'string' ? v : undefined);

function filtersFrom(db: Db, v: Values): ReportFilters {
  const raw: Record<string, unknown> = {};
  if (str(v.from)) raw.from = parseDate(str(v.from)!, 'from', false);
  if (str(v.to)) raw.to = parseDate(str(v.to)!, 'to', true);
  if (v.version !== undefined) {
    if (!/^\d+$/.test(str(v.version) ?? '')) throw new AppError('validation', `--version needs a version number (got "${String(v.version)}").`);
    raw.version = Number(v.version);
  }
  if (str(v.campaign)) raw.campaignId = one(campaignIdsNamed(db, str(v.campaign)!), 'campaign', str(v.campaign)!);
  if (str(v.channel)) raw.channel = str(v.channel);
  if (str(v.rep)) raw.repId = one(userIdsNamed(db, str(v.rep)!), 'rep', str(v.rep)!);
  const parsed = ReportFiltersSchema.safeParse(raw);
  if (!parsed.success) throw new AppError('validation', describeIssues(parsed.error.issues));
  return parsed.data;
}

function enumOption<T extends string>(value: string | undefined, name: string, allowed: readonly T[]): T | undefined {
  if (value === undefined) return undefined;
  if (!(allowed as readonly string[]).includes(value))
    throw new AppError('validation', `--${name} must be one of ${allowed.join(', ')} (got "${value}").`);
  return value as T;
}

/** Run one report; returns the data and the table a CSV prints. */
export function runReport(db: Db, name: ReportName, v: Values): { data: unknown; table: Record<string, unknown>[] } {
  const f = filtersFrom(db, v);
  switch (name) {
    case 'funnel': {
      const r = reports.funnel(db, f);
      return { data: r, table: reportTable('funnel', r) };
    }
    case 'velocity': {
      const r = reports.velocity(db, f);
      return { data: r, table: r.rows };
    }
    case 'offers': {
      const attribution = AttributionSchema.parse(enumOption(str(v.attribution), 'attribution', AttributionSchema.options) ?? 'first');
      const r = reports.offers(db, f, attribution);
      return { data: r, table: reportTable('offers', r) };
    }
    case 'reasons': {
      const split = enumOption(str(v.split), 'split', REASON_SPLITS) ?? null;
      const r = reports.reasons(db, f, split);
      return { data: r, table: reportTable('reasons', r) };
    }
    case 'lift': {
      const field = str(v.field);
      if (field !== undefined && !LiftFieldSchema.safeParse(field).success)
        throw new AppError('validation', `--field must be a lead field (country, industry, employees, jobTitle, seniority, source, domain, offer, offerType, campaign, channel, owner) or attributes.<key> (got "${field}").`);
      const r = reports.lift(db, f, field ?? null);
      return { data: r, table: r.rows };
    }
    case 'calibration': {
      const r = reports.calibration(db, f);
      return { data: r, table: r.rows };
    }
    case 'sla': {
      const asOf = str(v['as-of']) ? parseDate(str(v['as-of'])!, 'as-of', false) : undefined;
      const r = reports.sla(db, f, asOf);
      return { data: r, table: reportTable('sla', r) };
    }
  }
}

export const reportCommands: Record<string, Command> = {
  report: {
    usage: `leadpact report <file> <${REPORT_NAMES.join('|')}> [--from D --to D --version N --campaign C --channel X --rep R --attribution first|last --field F --split S] --json|--csv`,
    summary: 'Win/loss reports: funnel, velocity, offers, reasons, lift, calibration, sla.',
    options: {
      from: { type: 'string', description: 'start date, YYYY-MM-DD (UTC) or ISO time' },
      to: { type: 'string', description: 'end date; a bare date includes that whole day' },
      version: { type: 'string', description: 'criteria version number (lift, calibration: the version analysed; default the active one)' },
      campaign: { type: 'string', description: 'campaign name or id' },
      channel: { type: 'string', description: 'channel, e.g. paid_search' },
      rep: { type: 'string', description: 'rep name, email or id' },
      attribution: { type: 'string', description: 'offers: first (default) or last touch before the MQL' },
      field: { type: 'string', description: 'lift: also compare every value of this field (e.g. industry, attributes.plan)' },
      split: { type: 'string', description: `reasons: split each bar by ${REASON_SPLITS.join(', ')}` },
      'as-of': { type: 'string', description: 'sla: the time pending handoffs are judged at (default now)' },
      json: { type: 'boolean', description: 'print the report as JSON' },
      csv: { type: 'boolean', description: 'print its table as CSV' },
    },
    positionals: ['file', 'name'],
    async run({ positionals: [file, name], values }, io) {
      const report = (REPORT_NAMES as readonly string[]).includes(name!) ? (name as ReportName) : null;
      if (!report) throw new AppError('validation', `unknown report "${name}"; choose one of ${REPORT_NAMES.join(', ')}.`);
      if (values.json === values.csv)
        throw new AppError('validation', values.json ? 'choose one of --json and --csv, not both.' : 'add --json or --csv.');
      const db = openWorkspace(file!, { readonly: false });
      try {
        const { data, table } = runReport(db, report, values);
        if (values.json) io.out(JSON.stringify(data, null, 2));
        else for (const line of toCsv(table)) io.out(line);
      } finally {
        db.close();
      }
    },
  },
};
