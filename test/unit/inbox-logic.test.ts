import { describe, expect, it } from 'vitest';
import type { Pareto } from '../../shared/contracts/handoffs.js';
import type { RejectionReason } from '../../shared/contracts/reasons.js';
import {
  fromDateInput,
  needsNothing,
  reasonNeeds,
  resolveDigits,
  toDateInput,
} from '../../renderer/src/features/inbox/reason-needs.js';
import { durationParts, slaState } from '../../renderer/src/features/inbox/sla-words.js';
import { EMPTY_LOOP_FILTERS, toLoopFilters } from '../../renderer/src/features/insights/loop-filters.js';
import { MAX_SPLITS, splitSeries } from '../../renderer/src/features/insights/pareto-option.js';

/** The inbox's and the loop report's pure pieces: number keys, what a reason asks for, SLA words, splits. */

const HOUR = 3_600_000;

const reason = (over: Partial<RejectionReason>): RejectionReason => ({
  id: '01a23349-7849-74d4-90f4-e11b98836b47',
  code: 'x',
  label: 'X',
  blame: 'fit',
  action: 'disqualify',
  commentRequired: false,
  reopenKind: null,
  active: true,
  position: 1,
  usageCount: 0,
  createdAt: 0,
  updatedAt: 0,
  ...over,
});

describe('number keys in the reason picker', () => {
  it('confirms a digit at once unless a longer number starts with it', () => {
    expect(resolveDigits('5', 13)).toEqual({ index: 4, ambiguous: false });
    expect(resolveDigits('1', 13)).toEqual({ index: 0, ambiguous: true });
    expect(resolveDigits('12', 13)).toEqual({ index: 11, ambiguous: false });
    expect(resolveDigits('1', 9)).toEqual({ index: 0, ambiguous: false });
  });

  it('refuses numbers outside the list', () => {
    expect(resolveDigits('0', 13).index).toBeNull();
    expect(resolveDigits('14', 13).index).toBeNull();
    expect(resolveDigits('19', 13).index).toBeNull();
    expect(resolveDigits('3', 2).index).toBeNull();
  });
});

describe('what a reason asks for', () => {
  it('a recycle with a re-open kind asks for a date, a reroute for a rep, a required comment for text', () => {
    expect(reasonNeeds(reason({ action: 'recycle', reopenKind: 'date' }))).toEqual({
      comment: false,
      date: true,
      rep: false,
    });
    expect(reasonNeeds(reason({ action: 'recycle', reopenKind: 'renewal' })).date).toBe(true);
    expect(reasonNeeds(reason({ action: 'recycle' })).date).toBe(false);
    expect(reasonNeeds(reason({ action: 'reroute' })).rep).toBe(true);
    expect(reasonNeeds(reason({ commentRequired: true })).comment).toBe(true);
    expect(needsNothing(reasonNeeds(reason({})))).toBe(true);
  });

  it('date inputs round-trip through the local calendar day', () => {
    const ms = fromDateInput('2027-03-15')!;
    expect(toDateInput(ms)).toBe('2027-03-15');
    expect(new Date(ms).getHours()).toBe(0);
    expect(fromDateInput('15/03/2027')).toBeNull();
    expect(fromDateInput('')).toBeNull();
  });
});

describe('SLA words', () => {
  it('splits a duration into days, hours and minutes, either side of the due time', () => {
    expect(durationParts(2 * 24 * HOUR + 3 * HOUR + 20 * 60_000)).toEqual({ days: 2, hours: 3, minutes: 20 });
    expect(durationParts(-(5 * HOUR + 59_999))).toEqual({ days: 0, hours: 5, minutes: 0 });
  });

  it('overdue at or past the due time, soon inside four hours', () => {
    const now = Date.UTC(2026, 11, 1, 12);
    expect(slaState(null, now)).toBe('none');
    expect(slaState(now, now)).toBe('overdue');
    expect(slaState(now - 1, now)).toBe('overdue');
    expect(slaState(now + 3 * HOUR, now)).toBe('soon');
    expect(slaState(now + 4 * HOUR, now)).toBe('ok');
  });
});

describe('the loop report filters', () => {
  it('sends only what is set, the "to" day included to its last millisecond', () => {
    expect(toLoopFilters(EMPTY_LOOP_FILTERS)).toEqual({});
    const f = toLoopFilters({ ...EMPTY_LOOP_FILTERS, from: '2026-11-01', to: '2026-11-30', channel: 'email' });
    expect(f.channel).toBe('email');
    expect(f.to! - f.from!).toBe(30 * 24 * HOUR - 1);
  });
});

describe('Pareto splits', () => {
  const bar = (reasonId: string, splits: { key: string | null; label: string; count: number }[]) => ({
    reasonId,
    code: reasonId,
    label: reasonId,
    blame: 'fit' as const,
    count: splits.reduce((n, s) => n + s.count, 0),
    share: 0,
    cumulativeShare: 0,
    splits,
  });

  it('one series per split key, counts aligned with the bars, none labelled', () => {
    const p: Pareto = {
      rejected: 5,
      decided: 9,
      bars: [
        bar('a', [
          { key: 'o1', label: 'Ebook', count: 2 },
          { key: null, label: '', count: 1 },
        ]),
        bar('b', [{ key: 'o1', label: 'Ebook', count: 2 }]),
      ],
    };
    const s = splitSeries(p, 'Other', 'None');
    expect(s).toEqual([
      { key: 'o1', label: 'Ebook', isOther: false, counts: [2, 2] },
      { key: null, label: 'None', isOther: false, counts: [1, 0] },
    ]);
  });

  it('folds the smallest splits into "Other" and keeps every rejection counted', () => {
    const splits = Array.from({ length: 10 }, (_, i) => ({ key: `k${i}`, label: `Offer ${i}`, count: 10 - i }));
    const p: Pareto = { rejected: 55, decided: 60, bars: [bar('a', splits)] };
    const s = splitSeries(p, 'Other', 'None');
    expect(s).toHaveLength(MAX_SPLITS);
    expect(s[s.length - 1]).toMatchObject({ label: 'Other', isOther: true });
    expect(s.reduce((n, x) => n + x.counts[0]!, 0)).toBe(55);
    expect(s[0]!.label).toBe('Offer 0');
  });
});

describe('the Pareto chart keeps its counts readable', () => {
  it('tops the count axis at a round number and moves a count inside its bar when the cumulative dot sits on it', async () => {
    const { niceCeil, dotJustAbove, paretoOption } = await import('../../renderer/src/features/insights/pareto-option.js');
    expect([341, 27, 1000, 1, 9, 12].map(niceCeil)).toEqual([350, 30, 1000, 1, 9, 15]);
    expect(dotJustAbove(0.49, 0.53)).toBe(true); // the dot just above the bar's top: the count would sit on it
    expect(dotJustAbove(0.49, 0.7)).toBe(false);
    expect(dotJustAbove(0.49, 0.4)).toBe(false); // the dot inside the bar: the count above it is clear
    const theme = { text: '#000', muted: '#888', border: '#ddd', surface: '#fff', accent: '#00f', danger: '#f00', palette: ['#00f'], font: 'sans-serif' };
    const labels = { count: 'n', cumulative: 'cum', rejections: 'r', percent: String, number: String };
    const bars = [
      { label: 'A', count: 341, cumulativeShare: 0.2, splits: [] },
      { label: 'B', count: 172, cumulativeShare: 0.53, splits: [] },
    ];
    const option = paretoOption({ bars }, null, theme, labels) as { series: { data: { label?: { position: string } }[] }[]; yAxis: { max?: number }[] };
    expect(option.yAxis[0]!.max).toBe(350);
    // 172 / 350 = 0.49 with the dot at 0.53: inside; 341 with its dot far below: on top.
    expect(option.series[0]!.data.map((d) => d.label?.position)).toEqual(['top', 'insideTop']);
  });
});
