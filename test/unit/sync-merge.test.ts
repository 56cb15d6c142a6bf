import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isLive, lostUnseen, mergeField, yieldingClock, type FieldWrite } from '../../shared/domain/sync-merge.js';
import { formatHlc } from '../../shared/domain/hlc.js';

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

describe('yielding writes (a rescore made the same handoff on two laptops)', () => {
  const A = '000000000000000a';
  const B = '000000000000000b';
  it('a new field is stamped at the start of time, an edited one just after the clock it replaced', () => {
    expect(yieldingClock(null, A)).toBe(`1970-01-01T00:00:00.000Z-0000-${A}`);
    const current = formatHlc({ millis: Date.UTC(2026, 2, 2), counter: 7, node: B });
    const y = yieldingClock(current, A);
    expect(y).toBe(formatHlc({ millis: Date.UTC(2026, 2, 2), counter: 8, node: A }));
    expect(y > current).toBe(true);
    // Any later edit (a later millisecond) wins over it.
    expect(formatHlc({ millis: Date.UTC(2026, 2, 2) + 1, counter: 0, node: B }) > y).toBe(true);
    // A full counter carries into the next millisecond.
    expect(yieldingClock(formatHlc({ millis: 5, counter: 0xffff, node: B }), A)).toBe(formatHlc({ millis: 6, counter: 0, node: A }));
  });

  it('the same row made twice, or its first value replaced by a decision, is no conflict; a real edit still is', () => {
    const createdA: FieldWrite = { value: 'pending', clock: yieldingClock(null, A), base: null };
    const createdB: FieldWrite = { value: 'pending ', clock: yieldingClock(null, B), base: null };
    expect(mergeField(createdA, createdB)).toMatchObject({ applied: true, lost: null });
    const decided: FieldWrite = { value: 'accepted', clock: formatHlc({ millis: 1000, counter: 0, node: A }), base: null };
    expect(mergeField(createdB, decided)).toMatchObject({ applied: true, lost: null });
    const otherDecision: FieldWrite = { value: 'rejected', clock: formatHlc({ millis: 2000, counter: 0, node: B }), base: null };
    expect(mergeField(decided, otherDecision).lost).toEqual(decided);
  });
});

describe('lostUnseen: a local write the hub never showed back', () => {
  it('is lost when the winner was not based on it, even if the winner\'s base is later; not when based on it or already seen back', () => {
    const local: FieldWrite = { value: 'B offline', clock: c(2, 'b'), base: c(1) };
    const winner: FieldWrite = { value: 'A two', clock: c(5), base: c(3) }; // based on A's own c(3), later than c(2)
    expect(mergeField(local, winner).lost).toBeNull(); // the order of bases alone misses it
    expect(lostUnseen(local, winner, c(1), 'name')).toBe(true);
    expect(lostUnseen(local, { ...winner, base: local.clock }, c(1), 'name')).toBe(false);
    expect(lostUnseen(local, winner, local.clock, 'name')).toBe(false); // the hub had shown it back
    expect(lostUnseen(local, winner, c(1), 'updated_at')).toBe(false);
    expect(lostUnseen(local, { ...winner, value: 'B offline' }, c(1), 'name')).toBe(false);
  });
});
