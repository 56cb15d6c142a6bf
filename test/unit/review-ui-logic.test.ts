import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ReviewStatusSchema, DecisionSchema } from '../../shared/contracts/reviews.js';
import { VersionStatusSchema } from '../../shared/contracts/criteria.js';
import { lastEndedQuarter, parseReviewRoute, recentQuarters, reviewHref } from '../../renderer/src/features/review/routes.js';

describe('review area: routes and quarters', () => {
  it('parses and builds its hash routes', () => {
    expect(parseReviewRoute('#/review')).toEqual({ page: 'list' });
    expect(parseReviewRoute('#/review/abc')).toEqual({ page: 'review', id: 'abc' });
    expect(parseReviewRoute('#/review/abc/pack')).toEqual({ page: 'pack', id: 'abc' });
    expect(parseReviewRoute('#/criteria/abc')).toEqual({ page: 'list' });
    for (const r of [{ page: 'list' }, { page: 'review', id: 'x' }, { page: 'pack', id: 'x' }] as const) expect(parseReviewRoute(reviewHref(r))).toEqual(r);
  });

  it('offers the quarter that has just ended, and the recent ones newest first across a year', () => {
    expect(lastEndedQuarter(Date.UTC(2026, 11, 1))).toBe('2026Q3');
    expect(lastEndedQuarter(Date.UTC(2027, 1, 10))).toBe('2026Q4');
    expect(recentQuarters(Date.UTC(2027, 1, 10), 6)).toEqual(['2027Q1', '2026Q4', '2026Q3', '2026Q2', '2026Q1', '2025Q4']);
  });

  it('has a catalogue message for every id the review area builds from a value', () => {
    const en = JSON.parse(readFileSync('shared/i18n/en.json', 'utf8')) as Record<string, string>;
    const ids = [
      ...ReviewStatusSchema.options.map((s) => `review.status.${s}`),
      ...DecisionSchema.options.map((d) => `review.decision.${d}`),
      ...VersionStatusSchema.options.map((s) => `review.versionStatus.${s}`),
      ...['leads', 'mql', 'sal', 'sql', 'won'].map((s) => `review.stage.${s}`),
      ...['fit', 'engagement', 'data', 'routing'].map((b) => `review.blame.${b}`),
    ];
    expect(ids.filter((id) => !(id in en))).toEqual([]);
  });
});
