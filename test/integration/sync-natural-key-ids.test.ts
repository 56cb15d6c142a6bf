import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NATURAL_KEYS } from '../../main/sync/merge.js';
import { SYNCED_TABLES } from '../../main/sync/tables.js';
import { leadIdFor, lossReasonIdFor, nameBasedId, outcomeIdFor, rejectionReasonIdFor, timedNameBasedId } from '../../main/sync/ids.js';
import { createTestDb, type TestDb } from '../helpers/test-db.js';

const UUID_V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

let t: TestDb;
beforeAll(() => {
  t = createTestDb();
});
afterAll(() => t.cleanup());

describe('natural keys of synced tables', () => {
  it('NATURAL_KEYS names every unique index of a synced table but the two settled otherwise', () => {
    const found: string[] = [];
    for (const { name } of SYNCED_TABLES) {
      for (const ix of t.db.prepare(`PRAGMA index_list("${name}")`).all() as { name: string; unique: number; origin: string }[]) {
        if (!ix.unique || ix.origin === 'pk') continue;
        const cols = (t.db.prepare(`PRAGMA index_info("${ix.name}")`).all() as { name: string }[]).map((c) => c.name);
        found.push(`${name}.${cols.join('+')}`);
      }
    }
    // criteria_versions.number: two drafts numbered alike are two versions (renumbered, natural-keys.ts);
    // criteria_versions.status (one active version) is no identity.
    const settledOtherwise = ['criteria_versions.number', 'criteria_versions.status'];
    const named = Object.entries(NATURAL_KEYS).flatMap(([tbl, cols]) => cols.map((c) => `${tbl}.${c}`));
    expect(found.filter((k) => !settledOtherwise.includes(k)).sort()).toEqual(named.sort());
  });

  it('ids from a natural key are UUIDv7-shaped, stable, and apart per key and per kind', () => {
    for (const id of [leadIdFor('HS-1'), leadIdFor('HS-1', Date.UTC(2026, 0, 2)), outcomeIdFor('HS-1'), rejectionReasonIdFor('x'), lossReasonIdFor('x'), nameBasedId('n', 'a')]) {
      expect(id).toMatch(UUID_V7);
    }
    expect(leadIdFor('HS-1')).toBe(leadIdFor('HS-1'));
    expect(new Set([leadIdFor('HS-1'), leadIdFor('HS-2'), outcomeIdFor('HS-1'), leadIdFor('HS-1', 0)]).size).toBe(4);
    // A source's creation date is the id's time: a file in date order makes ids in order.
    const at = Date.UTC(2026, 4, 17, 9, 30);
    const id = timedNameBasedId('lead', at, 'HS-1');
    expect(parseInt(id.replace(/-/g, '').slice(0, 12), 16)).toBe(at);
    expect(leadIdFor('HS-9', at) < leadIdFor('HS-1', at + 1)).toBe(true);
  });

  it('a reason code gives the id the seeded default of that code has, on every workspace', () => {
    const seeded = t.db.prepare('SELECT id, code FROM rejection_reasons').all() as { id: string; code: string }[];
    expect(seeded.length).toBeGreaterThan(0);
    for (const r of seeded) expect(rejectionReasonIdFor(r.code)).toBe(r.id);
    const losses = t.db.prepare('SELECT id, code FROM loss_reasons').all() as { id: string; code: string }[];
    for (const r of losses) expect(lossReasonIdFor(r.code)).toBe(r.id);
  });
});
