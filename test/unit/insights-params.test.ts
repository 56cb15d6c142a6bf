import { describe, expect, it } from 'vitest';
import { carryFilters, parseParams, paramsHash, toReportFilters } from '../../renderer/src/features/insights/report-params.js';
import { parseInsightPage } from '../../renderer/src/features/insights/routes.js';

describe('insights report params in the URL hash', () => {
  it('round-trips through the hash, dropping empty values, in a stable order', () => {
    const hash = paramsHash('offers', { channel: 'paid_search', from: '2026-01-01', attribution: 'last', rep: '' });
    expect(hash).toBe('#/insights/offers?attribution=last&channel=paid_search&from=2026-01-01');
    expect(parseParams(hash)).toEqual({ attribution: 'last', channel: 'paid_search', from: '2026-01-01' });
    expect(parseParams('#/insights/offers')).toEqual({});
    expect(paramsHash('funnel', {})).toBe('#/insights/funnel');
    // Values that need escaping survive.
    expect(parseParams(paramsHash('lift', { channel: 'a&b=c d' })).channel).toBe('a&b=c d');
  });

  it('finds the page before the query', () => {
    expect(parseInsightPage('#/insights/offers?channel=x')).toBe('offers');
    expect(parseInsightPage('#/insights/sla')).toBe('sla');
    expect(parseInsightPage('#/insights/bogus?x=1')).toBe('loop');
    expect(parseInsightPage('#/leads')).toBe('loop');
  });

  it('turns inputs into the contract filters: whole UTC days, a version number, ids', () => {
    expect(toReportFilters({ from: '2026-01-01', to: '2026-03-31', version: '2', campaign: 'c1', channel: 'email', rep: 'u1' })).toEqual({
      from: Date.UTC(2026, 0, 1),
      to: Date.UTC(2026, 3, 1),
      version: 2,
      campaignId: 'c1',
      channel: 'email',
      repId: 'u1',
    });
    // Nonsense from a hand-edited address is ignored, not sent.
    expect(toReportFilters({ from: 'yesterday', version: '0', to: '2026-13-45' })).toEqual({});
    // A range that ends before it starts keeps only its start.
    expect(toReportFilters({ from: '2026-05-01', to: '2026-04-01' })).toEqual({ from: Date.UTC(2026, 4, 1) });
  });

  it('carries the filters, not the page options, to another report page', () => {
    expect(carryFilters('funnel', '#/insights/offers?attribution=last&channel=email&group=channel')).toBe('#/insights/funnel?channel=email');
  });
});
