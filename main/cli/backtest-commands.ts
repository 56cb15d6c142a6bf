import { openWorkspace } from '../db/connection.js';
import { BacktestParamsSchema, type BacktestResult, type VersionBacktestDto } from '../../shared/contracts/backtest.js';
import { SuggestParamsSchema } from '../../shared/contracts/suggest.js';
import { AppError, describeIssues } from '../../shared/errors.js';
import { runBacktestInTwo } from '../services/backtest.js';
import { byNumber } from '../services/criteria.js';
import { createDraftFromSuggestion } from '../services/suggest-draft.js';
import { exportDesign, runSuggest } from '../services/suggest.js';
import type { Command } from './commands.js';
import { parseDate } from './report-commands.js';

const str = (v: string | boolean | undefined) => (typeof v === 'string' ? v : undefined);

function versionNumber(v: string | boolean | undefined, name: string): number {
  const s = str(v);
  if (s === undefined || !/^\d+$/.test(s)) throw new AppError('validation', `--${name} must be a version number (got "${String(v ?? '')}").`);
  return Number(s);
}

function parse<T>(schema: { safeParse(x: unknown): { success: true; data: T } | { success: false; error: { issues: { path: PropertyKey[]; message: string }[] } } }, raw: unknown): T {
  const r = schema.safeParse(raw);
  if (!r.success) throw new AppError('validation', describeIssues(r.error.issues));
  return r.data;
}

const pct = (x: number | null) => (x === null ? '—' : `${(x * 100).toFixed(1)} %`);
const signed = (x: number | null, unit: string) => (x === null ? '—' : `${x > 0 ? '+' : ''}${x}${unit}`);

function line(name: string, r: VersionBacktestDto): string {
  return `${name.padEnd(22)} MQLs ${String(r.mqls).padStart(8)}  acceptance ${pct(r.acceptanceRate).padStart(8)}  SQL ${pct(r.sqlRate).padStart(8)}  win ${pct(r.winRate).padStart(8)}  won ${String(r.won).padStart(6)}  missed won ${r.missedWon.count}`;
}

function printBacktest(r: BacktestResult, out: (l: string) => void): void {
  out(line(`v${r.version.number} ${r.version.name}`.slice(0, 22), r.candidate));
  if (r.baseline && r.baselineResult && r.baseline.id !== r.version.id) out(line(`v${r.baseline.number} (active)`, r.baselineResult));
  const d = r.difference;
  if (d && r.baseline?.id !== r.version.id) {
    out(`difference: ${signed(d.handoffsPct, ' % handoffs')}, ${signed(d.wonDeals, ' won deals')}, ${signed(d.acceptancePts, ' pts acceptance')}`);
  }
  for (const w of r.warnings) out(`note: ${w}`);
}

export const backtestCommands: Record<string, Command> = {
  backtest: {
    usage: 'leadpact backtest <file.db> --version N [--compare M] [--from D --to D] [--decision-days N] [--json]',
    summary: 'Score history under a version as of each decision moment and compare with what happened (writes nothing).',
    options: {
      version: { type: 'string', description: 'criteria version number to backtest (a draft or any other)' },
      compare: { type: 'string', description: 'version number to compare with (default the active one)' },
      from: { type: 'string', description: 'leads created from this date, YYYY-MM-DD (UTC)' },
      to: { type: 'string', description: 'leads created up to this date (inclusive)' },
      'decision-days': { type: 'string', description: 'days after creation that a lead never handed off is judged at (default 30)' },
      json: { type: 'boolean', description: 'print the whole result as JSON' },
    },
    positionals: ['file'],
    async run({ positionals: [file], values }, io) {
      const db = openWorkspace(file!);
      try {
        const version = byNumber(db, versionNumber(values.version, 'version'));
        const compare = values.compare !== undefined ? byNumber(db, versionNumber(values.compare, 'compare')) : undefined;
        const days = str(values['decision-days']);
        if (days !== undefined && !/^\d+$/.test(days)) throw new AppError('validation', `--decision-days must be a whole number of days (got "${days}").`);
        const params = parse(BacktestParamsSchema, {
          versionId: version.id,
          ...(compare ? { compareToId: compare.id } : {}),
          ...(str(values.from) ? { from: parseDate(str(values.from)!, 'from', false) } : {}),
          ...(str(values.to) ? { to: parseDate(str(values.to)!, 'to', true) } : {}),
          ...(days !== undefined ? { decisionDays: Number(days) } : {}),
        });
        const r = await runBacktestInTwo(db, params);
        if (values.json) io.out(JSON.stringify(r, null, 2));
        else printBacktest(r, io.out);
      } finally {
        db.close();
      }
    },
  },
  suggest: {
    usage: 'leadpact suggest <file.db> --outcome won|accepted [--holdout-from D] [--mql-rate R] [--exclude F,G] [--json] [--create-draft] [--export-design out.csv]',
    summary: 'Learn suggested points from won/lost (or SAL accept/reject) history; optionally make a draft from them.',
    options: {
      outcome: { type: 'string', description: 'won (won vs lost outcomes) or accepted (accepted vs rejected handoffs)' },
      'holdout-from': { type: 'string', description: 'leads decided from this date on are the holdout (default: the latest quarter)' },
      'mql-rate': { type: 'string', description: 'share of leads the draft should make MQL, e.g. 0.2 (default)' },
      exclude: { type: 'string', description: 'comma-separated rule fields to leave out, e.g. attributes.converted' },
      json: { type: 'boolean', description: 'print the suggestion as JSON' },
      'create-draft': { type: 'boolean', description: 'create a draft version from the suggestion' },
      'export-design': { type: 'string', description: 'write the features and split to this CSV (for an independent fit)' },
    },
    positionals: ['file'],
    async run({ positionals: [file], values }, io) {
      const outcome = str(values.outcome);
      if (outcome !== 'won' && outcome !== 'accepted') throw new AppError('validation', `--outcome must be won or accepted (got "${outcome ?? ''}").`);
      const rate = str(values['mql-rate']);
      if (rate !== undefined && !/^(0?\.\d+|0)$/.test(rate)) throw new AppError('validation', `--mql-rate must be a share between 0 and 1, e.g. 0.2 (got "${rate}").`);
      const params = parse(SuggestParamsSchema, {
        outcome,
        ...(str(values['holdout-from']) ? { holdoutFrom: parseDate(str(values['holdout-from'])!, 'holdout-from', false) } : {}),
        ...(rate !== undefined ? { mqlRate: Number(rate) } : {}),
        ...(str(values.exclude) ? { exclude: str(values.exclude)!.split(',').map((s) => s.trim()).filter(Boolean) } : {}),
      });
      const db = openWorkspace(file!);
      try {
        if (str(values['export-design'])) {
          const e = exportDesign(db, params, str(values['export-design'])!);
          io.err(`Wrote ${e.rows} rows × ${e.features} features to ${str(values['export-design'])}`);
        }
        const { suggestion, version } = values['create-draft'] ? createDraftFromSuggestion(db, params) : { suggestion: runSuggest(db, params), version: null };
        if (values.json) io.out(JSON.stringify(version ? { ...suggestion, draft: { id: version.id, number: version.number } } : suggestion, null, 2));
        else {
          const h = suggestion.holdout;
          io.out(`${suggestion.method} on ${suggestion.train.n} leads; holdout ${h.n} leads: AUC ${h.auc?.toFixed(3) ?? '—'} (rounded points ${h.pointsAuc?.toFixed(3) ?? '—'}), Brier ${h.brier.toFixed(3)}`);
          for (const r of suggestion.rules) io.out(`${String(r.points).padStart(5)}  ${r.label}  (n ${r.n}, win ${pct(r.winRate)})`);
          io.out(`levels: ${suggestion.levels.map((l) => `${l.name} ≥ ${l.threshold}`).join(', ')}`);
          if (version) io.out(`Created draft version ${version.number}.`);
        }
      } finally {
        db.close();
      }
    },
  },
};
