import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Rng, WeightedSampler, apportion, hashString } from '../../shared/domain/random.js';

const UUID_V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const draw = (rng: Rng, n: number) => Array.from({ length: n }, () => rng.u32());

describe('Rng', () => {
  it('gives the same sequence for the same seed and stream, and another one otherwise', () => {
    expect(draw(new Rng(42), 1000)).toEqual(draw(new Rng(42), 1000));
    expect(draw(new Rng('demo'), 100)).toEqual(draw(new Rng('demo'), 100));
    expect(draw(new Rng(42), 100)).not.toEqual(draw(new Rng(43), 100));
    expect(draw(new Rng(42, 'a'), 100)).not.toEqual(draw(new Rng(42, 'b'), 100));
    expect(draw(new Rng('demo'), 100)).not.toEqual(draw(new Rng(hashString('demo') + 1), 100));
  });

  it('is pinned: a change of algorithm would silently change every demo workspace', () => {
    expect(draw(new Rng(1), 2)).toEqual([1395860014, 2944538490]);
    expect(new Rng('demo', 'ids').uuidv7(1_700_000_000_000)).toBe('018bcfe5-6800-7087-a55a-04e4ddcc961b');
  });

  it('keeps next() in [0, 1) and int() within its inclusive bounds', () => {
    fc.assert(
      fc.property(
        fc.integer(),
        fc.integer({ min: -1000, max: 1000 }),
        fc.integer({ min: 0, max: 1000 }),
        (seed, min, span) => {
          const r = new Rng(seed);
          for (let i = 0; i < 50; i++) {
            const x = r.next();
            expect(x).toBeGreaterThanOrEqual(0);
            expect(x).toBeLessThan(1);
            const n = r.int(min, min + span);
            expect(Number.isInteger(n)).toBe(true);
            expect(n).toBeGreaterThanOrEqual(min);
            expect(n).toBeLessThanOrEqual(min + span);
          }
        },
      ),
    );
  });

  it('reaches both ends of an int range and is roughly uniform', () => {
    const r = new Rng(7);
    const counts = new Array<number>(10).fill(0);
    for (let i = 0; i < 100_000; i++) counts[r.int(0, 9)]!++;
    for (const c of counts) expect(c).toBeGreaterThan(9_400);
    for (const c of counts) expect(c).toBeLessThan(10_600);
  });

  it('has sane distribution helpers', () => {
    const r = new Rng(3);
    const n = 50_000;
    let sumExp = 0;
    let sumNorm = 0;
    let sumPois = 0;
    const logs: number[] = [];
    for (let i = 0; i < n; i++) {
      sumExp += r.exponential(4);
      sumNorm += r.normal(10, 2);
      sumPois += r.poisson(3.5);
      logs.push(r.logNormal(100, 0.5));
    }
    expect(sumExp / n).toBeCloseTo(4, 0);
    expect(sumNorm / n).toBeCloseTo(10, 1);
    expect(sumPois / n).toBeCloseTo(3.5, 1);
    logs.sort((a, b) => a - b);
    expect(logs[n / 2]!).toBeGreaterThan(97);
    expect(logs[n / 2]!).toBeLessThan(103);
  });

  it('shuffles into a permutation', () => {
    const items = Array.from({ length: 50 }, (_, i) => i);
    const shuffled = new Rng(5).shuffle([...items]);
    expect(shuffled).not.toEqual(items);
    expect([...shuffled].sort((a, b) => a - b)).toEqual(items);
  });
});

describe('Rng.uuidv7', () => {
  it('makes RFC 9562 version-7 ids that carry their timestamp and sort by it', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 48 - 1 }), fc.integer(), (ms, seed) => {
        const id = new Rng(seed).uuidv7(ms);
        expect(id).toMatch(UUID_V7);
        expect(parseInt(id.slice(0, 8) + id.slice(9, 13), 16)).toBe(ms);
      }),
    );
    const r = new Rng(9);
    const times = Array.from({ length: 500 }, (_, i) => 1_700_000_000_000 + i * 37);
    const ids = times.map((t) => r.uuidv7(t));
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('is deterministic for a seed', () => {
    expect(new Rng('x').uuidv7(1_700_000_000_000)).toBe(new Rng('x').uuidv7(1_700_000_000_000));
    expect(new Rng('x').uuidv7(1_700_000_000_000)).not.toBe(new Rng('y').uuidv7(1_700_000_000_000));
  });

  it('refuses timestamps outside 48 bits', () => {
    expect(() => new Rng(1).uuidv7(-1)).toThrow(RangeError);
    expect(() => new Rng(1).uuidv7(2 ** 48)).toThrow(RangeError);
  });
});

describe('WeightedSampler', () => {
  it('draws in proportion to the weights and never a zero weight', () => {
    const s = new WeightedSampler([
      ['a', 1],
      ['b', 3],
      ['never', 0],
      ['c', 6],
    ] as const);
    const r = new Rng(11);
    const counts: Record<string, number> = { a: 0, b: 0, c: 0, never: 0 };
    for (let i = 0; i < 100_000; i++) counts[s.sample(r)]!++;
    expect(counts.never).toBe(0);
    expect(counts.a! / 100_000).toBeCloseTo(0.1, 1);
    expect(counts.b! / 100_000).toBeCloseTo(0.3, 1);
    expect(counts.c! / 100_000).toBeCloseTo(0.6, 1);
  });

  it('refuses an all-zero distribution', () => {
    expect(() => new WeightedSampler([['a', 0]])).toThrow(RangeError);
  });
});

describe('apportion', () => {
  it('splits a total into integer parts that add up exactly', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 1_000_000 }),
        fc.array(fc.double({ min: 0, max: 100, noNaN: true }), { minLength: 1, maxLength: 400 }),
        (total, weights) => {
          const parts = apportion(total, weights);
          expect(parts).toHaveLength(weights.length);
          const sum = parts.reduce((a, b) => a + b, 0);
          if (weights.some((w) => w > 0)) expect(sum).toBe(total);
          else expect(sum).toBe(0);
          parts.forEach((p, i) => {
            expect(Number.isInteger(p)).toBe(true);
            if (weights[i] === 0) expect(p).toBe(0);
          });
        },
      ),
    );
  });
});
