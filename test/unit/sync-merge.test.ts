import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isLive, mergeField, type FieldWrite } from '../../shared/domain/sync-merge.js';

const c = (n: number, node = 'a') => `2026-12-01T12:00:00.${String(n).padStart(3, '0')}Z-0000-${node.repeat(16)}`;

describe('mergeField', () => {
  it('takes the later clock, and a tie on time goes to the larger node', () => {
    const a: FieldWrite = { value: 'x', clock: c(1), base: null };
    const b: FieldWrite = { value: 'y', clock: c(2), base: null };
    expect(mergeField(a, b)).toMatchObject({ state: b, applied: true });
    expect(mergeField(b, a)).toMatchObject({ state: b, applied: false });
    const nodeB: FieldWrite = { value: 'z', clock: c(1, 'b'), base: null };
    expect(mergeField(a, nodeB).state).toBe(nodeB);
  });

  it('reports the losing value of concurrent writes, not of an edit that saw the one before', () => {
    const first: FieldWrite = { value: 'Acme', clock: c(1), base: null };
    const concurrent: FieldWrite = { value: 'ACME Inc', clock: c(2, 'b'), base: null };
    expect(mergeField(first, concurrent).lost).toEqual(first);
    expect(mergeField(concurrent, first).lost).toEqual(first);
    const edit: FieldWrite = { value: 'Acme BV', clock: c(3, 'b'), base: c(1) };
    expect(mergeField(first, edit)).toMatchObject({ applied: true, lost: null });
    expect(mergeField(edit, first)).toMatchObject({ applied: false, lost: null });
  });

  it('an equal value is no conflict, a repeated write changes nothing', () => {
    const a: FieldWrite = { value: 5, clock: c(1), base: null };
    expect(mergeField(a, { value: 5, clock: c(2, 'b'), base: null }).lost).toBeNull();
    expect(mergeField(a, a)).toEqual({ state: a, applied: false, lost: null });
  });

  it('converges: any order of the same writes ends in the same state', () => {
    const arbWrite = fc.record({
      value: fc.oneof(fc.string({ maxLength: 3 }), fc.integer(), fc.constant(null)),
      clock: fc.tuple(fc.integer({ min: 0, max: 50 }), fc.constantFrom('a', 'b', 'c')).map(([n, node]) => c(n, node)),
      base: fc.constant(null),
    });
    fc.assert(
      fc.property(fc.uniqueArray(arbWrite, { selector: (w) => w.clock, minLength: 1, maxLength: 12 }), fc.infiniteStream(fc.nat()), (writes, rnd) => {
        const shuffled = [...writes];
        const it = rnd[Symbol.iterator]();
        for (let i = shuffled.length - 1; i > 0; i--) {
          const j = it.next().value % (i + 1);
          [shuffled[i], shuffled[j]] = [shuffled[j]!, shuffled[i]!];
        }
        const fold = (ws: FieldWrite[]) => ws.reduce<FieldWrite | null>((s, w) => mergeField(s, w).state, null);
        const max = writes.reduce((m, w) => (w.clock > m.clock ? w : m));
        expect(fold(writes)).toEqual(max);
        expect(fold(shuffled)).toEqual(max);
      }),
    );
  });
});

describe('soft delete against edit', () => {
  it('deleted is a field: an edit of another field keeps the row deleted; only a later restore revives it', () => {
    expect(isLive(0)).toBe(true);
    expect(isLive(1)).toBe(false);
    expect(isLive(undefined)).toBe(true);
    const del: FieldWrite = { value: 1, clock: c(5), base: c(1) };
    const restoreEarlier: FieldWrite = { value: 0, clock: c(4, 'b'), base: c(1) };
    expect(mergeField(del, restoreEarlier).state.value).toBe(1);
    expect(mergeField(del, { value: 0, clock: c(6, 'b'), base: c(5) }).state.value).toBe(0);
  });
});
