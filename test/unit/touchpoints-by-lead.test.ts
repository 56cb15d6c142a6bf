import { describe, expect, it } from 'vitest';
import { TouchpointsByLead } from '../../main/services/touchpoints-by-lead.js';

describe('touchpoints grouped by lead from one scan', () => {
  it('groups by lead in time order (ties in storage order), drops unknown leads, and grows past its first block', () => {
    const g = new TouchpointsByLead(['a', 'b', 'c'], new Map([['o1', 'webinar']]));
    g.add('b', 'visit', null, null, 'paid', 30);
    g.add('x', 'visit', null, null, null, 1); // a lead not asked for (soft-deleted)
    g.add('b', 'webinar', 'o1', 'c1', null, 10);
    g.add('a', 'visit', null, null, null, 5);
    g.add('b', 'ebook', null, null, null, 10);
    for (let i = 0; i < 70_000; i++) g.add('c', 'visit', null, null, null, 70_000 - i);
    g.finish();
    expect(g.size).toBe(70_004);
    expect(g.of(0)).toEqual([
      { type: 'visit', offerId: null, offerType: null, campaignId: null, channel: null, occurredAt: 5 },
    ]);
    expect(g.of(1).map((t) => [t.type, t.occurredAt, t.offerType])).toEqual([
      ['webinar', 10, 'webinar'],
      ['ebook', 10, null],
      ['visit', 30, null],
    ]);
    const c = g.of(2);
    expect(c).toHaveLength(70_000);
    expect(c.every((t, i) => t.occurredAt === i + 1)).toBe(true);
  });
});
