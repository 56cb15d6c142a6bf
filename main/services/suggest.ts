import { writeFileSync } from 'node:fs';
import type { Db } from '../db/connection.js';
import { countHistory, historyReader, offerNames, selectionIds, type HistoryLead, type LeadSelection } from '../db/backtest.repo.js';
import { offerTypes, suggestTouchReader, type LeadTouches } from '../db/suggest.repo.js';
import type { SuggestParams, Suggestion } from '../../shared/contracts/suggest.js';
import { decisionMoment } from '../../shared/domain/backtest.js';
import { candidateRule, design, type SuggestRow } from '../../shared/domain/suggest-features.js';
import {
  FitCancelled,
  NotEnoughData,
  POINTS_PER_LOGIT,
  splitByTime,
  suggest as fitSuggestion,
  thresholdForRate,
  type LabelledRow,
  type SuggestionItem,
} from '../../shared/domain/suggest-fit.js';
import { AppError } from '../../shared/errors.js';

/** How a caller (the suggest job) follows and stops a suggestion; the CLI and tests pass none. */
export interface SuggestProgress {
  isCancelled?: () => boolean;
  /** Learn from the first this many labelled leads (in id order, i.e. the earliest made) only: for the bench's 100k figure. */
  limit?: number;
  /** Phases in order: 'reading' labelled leads, 'fitting' (one step per fit), 'levels' (the sample that sets thresholds). */
  onProgress?: (done: number, total: number, phase: 'reading' | 'fitting' | 'levels') => void;
}

export class SuggestCancelled extends AppError {
  constructor() {
    super('conflict', 'The suggestion was cancelled; nothing was written.');
  }
}

const checkCancel = (p: SuggestProgress) => {
  if (p.isCancelled?.()) throw new SuggestCancelled();
};

const LEAD_FIELDS = ['country', 'industry', 'jobTitle', 'seniority', 'source', 'employees', 'budget'] as const;
const CHUNK = 5000;

/** What a suggestion may learn from a lead: its fields and the touchpoints up to the decision moment. */
function toRow(l: HistoryLead, touches: LeadTouches | undefined, at: number, typeOfOffer: ReadonlyMap<string, string>): SuggestRow {
  const fields: Record<string, unknown> = {};
  for (const f of LEAD_FIELDS) fields[f] = l.lead[f];
  for (const [k, v] of Object.entries(l.lead.attributes ?? {})) fields[`attributes.${k}`] = v;
  const types: string[] = [];
  const offerTypesSeen: string[] = [];
  const offers: string[] = [];
  if (touches) {
    for (let i = 0; i < touches.types.length; i++) {
      if (touches.at[i]! > at) continue;
      types.push(touches.types[i]!);
      const offerId = touches.offers[i];
      if (offerId) {
        const type = typeOfOffer.get(offerId);
        if (type) offerTypesSeen.push(type);
        offers.push(offerId);
      }
    }
  }
  return { fields, touches: { 'touchpoint.type': types, 'offer.type': offerTypesSeen, 'offer.id': offers } };
}

/** The selected leads once, in id order, with their decision moment and row; sparse selections read only their own touchpoints. */
function* eachLead(
  db: Db,
  decisionDays: number,
  selection: LeadSelection,
  chunkDone: (done: number, total: number) => void = () => undefined,
  limit = Infinity,
): Generator<{ l: HistoryLead; at: number; row: SuggestRow }> {
  const read = historyReader(db, { from: null, to: null }, selection);
  const touches = suggestTouchReader(db);
  const typeOfOffer = offerTypes(db);
  const emit = function* (leads: HistoryLead[], tps: Map<string, LeadTouches>) {
    for (const l of leads) {
      const at = decisionMoment(l.createdAt, l.handedAt, decisionDays);
      yield { l, at, row: toRow(l, tps.get(l.id), at, typeOfOffer) };
    }
  };
  if (selection !== 'all') {
    const ids = selectionIds(db, selection).slice(0, limit);
    chunkDone(0, ids.length);
    for (let i = 0; i < ids.length; i += CHUNK) {
      const leads = read.ids(ids.slice(i, i + CHUNK));
      yield* emit(leads, touches.of(leads.map((l) => l.id)));
      chunkDone(Math.min(ids.length, i + CHUNK), ids.length);
    }
    return;
  }
  const total = countHistory(db, { from: null, to: null });
  chunkDone(0, total);
  let done = 0;
  let after = '';
  for (;;) {
    const leads = read.after(after, CHUNK);
    if (leads.length === 0) return;
    yield* emit(leads, touches.inRange(leads[0]!.id, leads[leads.length - 1]!.id));
    after = leads[leads.length - 1]!.id;
    done += leads.length;
    chunkDone(Math.min(done, total), total);
  }
}

function label(l: HistoryLead, outcome: SuggestParams['outcome']): 0 | 1 | null {
  if (outcome === 'won') return l.wonAt !== null ? 1 : l.lostAt !== null ? 0 : null;
  return l.decision === 'accepted' ? 1 : l.decision === 'rejected' ? 0 : null;
}

/** Labelled leads sorted by decision moment, ties in import order (leads imported at one instant keep their file order). */
export function labelledRows(db: Db, params: SuggestParams, progress: SuggestProgress = {}): LabelledRow[] {
  const rows: (LabelledRow & { rowid: number })[] = [];
  const tick = (done: number, total: number) => {
    checkCancel(progress);
    progress.onProgress?.(done, total, 'reading');
  };
  for (const { l, at, row } of eachLead(db, params.decisionDays, params.outcome === 'won' ? 'won_lost' : 'decided', tick, progress.limit)) {
    const y = label(l, params.outcome);
    if (y !== null) rows.push({ ...row, label: y, at, rowid: l.rowid });
  }
  return rows.sort((a, b) => a.at - b.at || a.rowid - b.rowid);
}

const kept = (items: readonly SuggestionItem[]) => items.filter((i) => i.points !== 0);

/** Leads whose totals set the thresholds: all of them up to this many, else an even sample of about this many (enough for the volume to within a fraction of a percent). */
const LEVEL_SAMPLE = 20_000;

/** Thresholds for the asked MQL volume, over every lead's total under the rounded points (a sample of a large workspace). */
function levelsFor(db: Db, params: SuggestParams, items: readonly SuggestionItem[], progress: SuggestProgress): { name: string; threshold: number }[] {
  const cands = items.map((i) => i.candidate);
  const n = countHistory(db, { from: null, to: null });
  const selection: LeadSelection = n <= LEVEL_SAMPLE ? 'all' : { stride: Math.ceil(n / LEVEL_SAMPLE) };
  const tick = (done: number, total: number) => {
    checkCancel(progress);
    progress.onProgress?.(done, total, 'levels');
  };
  const sample: SuggestRow[] = [];
  for (const { row } of eachLead(db, params.decisionDays, selection, tick)) sample.push(row);
  // One design over the sample: its matchers are built once, not once per lead.
  const totals = design(sample, cands).map((active) => active.reduce((s, j) => s + items[j]!.points, 0));
  const b = thresholdForRate(totals, params.mqlRate);
  const a = thresholdForRate(totals, params.mqlRate / 2);
  return a > b ? [{ name: 'MQL-A', threshold: a }, { name: 'MQL-B', threshold: b }] : [{ name: 'MQL', threshold: b }];
}

/** Suggested points; synchronous (the CLI and tests call it as is, the suggest job passes `progress`). It only reads. */
export function runSuggest(db: Db, params: SuggestParams, progress: SuggestProgress = {}): Suggestion {
  const rows = labelledRows(db, params, progress);
  let s;
  try {
    s = fitSuggestion(rows, {
      ...(params.holdoutFrom !== undefined ? { holdoutFrom: params.holdoutFrom } : {}),
      exclude: params.exclude,
      ...(progress.isCancelled ? { isCancelled: progress.isCancelled } : {}),
      onStep: (done, total) => progress.onProgress?.(done, total, 'fitting'),
    });
  } catch (e) {
    if (e instanceof FitCancelled) throw new SuggestCancelled();
    if (e instanceof NotEnoughData) {
      const what = params.outcome === 'won' ? 'a won or lost outcome' : 'an accepted or rejected handoff';
      throw new AppError('validation', `${e.message} (leads with ${what}).`);
    }
    throw e;
  }
  const items = kept(s.items);
  if (items.length === 0) {
    throw new AppError('validation', 'No field or touchpoint separates the outcomes: every candidate rule got 0 points, so there is nothing to suggest.');
  }
  const offers = offerNames(db);
  const labelOf = (i: SuggestionItem, fallback: string) =>
    i.candidate.field === 'offer.id' && i.candidate.test.kind === 'touch' ? `offer = ${offers.get(i.candidate.test.value) ?? i.candidate.test.value}` : fallback;
  return {
    outcome: params.outcome,
    method: s.method,
    lambda: s.lambda,
    intercept: s.intercept,
    pointsPerLogit: POINTS_PER_LOGIT,
    rules: items.map((i) => {
      const r = candidateRule(i.candidate, i.points);
      return {
        kind: r.kind as 'fit' | 'engagement',
        label: labelOf(i, r.label),
        field: r.field,
        operator: r.operator,
        value: r.value,
        points: i.points,
        weight: i.weight,
        n: i.n,
        wins: i.wins,
        winRate: i.winRate,
        interval: i.interval,
      };
    }),
    skipped: s.skipped,
    train: s.train,
    holdout: s.holdout,
    levels: levelsFor(db, params, items, progress),
    mqlRate: params.mqlRate,
  };
}

/**
 * The design the suggestion learns from, as CSV (split, label, one 0/1 column per candidate), so an
 * independent fit (test/bench/suggest-reference.py, scikit-learn) sees exactly the same features
 * and split.
 */
export function exportDesign(db: Db, params: SuggestParams, path: string, progress: SuggestProgress = {}): { rows: number; features: number } {
  const rows = labelledRows(db, params, progress);
  const s = fitSuggestion(rows, { ...(params.holdoutFrom !== undefined ? { holdoutFrom: params.holdoutFrom } : {}), exclude: params.exclude });
  const cands = s.items.map((i) => i.candidate);
  const { train, holdout } = splitByTime(rows, params.holdoutFrom);
  const quote = (x: string) => `"${x.replace(/"/g, '""')}"`;
  const lines = [['split', 'label', ...cands.map((c) => quote(c.label))].join(',')];
  const emit = (part: readonly LabelledRow[], name: string) => {
    design(part, cands).forEach((active, i) => {
      const bits = new Array<number>(cands.length).fill(0);
      for (const j of active) bits[j] = 1;
      lines.push([name, part[i]!.label, ...bits].join(','));
    });
  };
  emit(train, 'train');
  emit(holdout, 'holdout');
  writeFileSync(path, lines.join('\n') + '\n');
  return { rows: rows.length, features: cands.length };
}
