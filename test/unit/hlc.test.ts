import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ClockError, compareHlc, formatHlc, MAX_DRIFT_MS, parseHlc, receive, skewMs, tick, type Hlc } from '../../shared/domain/hlc.js';

const NODE_A = '00000000000000aa';
const NODE_B = '00000000000000bb';
const T = Date.UTC(2026, 11, 1, 12);
const arbNode = fc.stringMatching(/^[0-9a-f]{16}$/);
const arbHlc = fc.record({
  millis: fc.integer({ min: 0, max: Date.UTC(9999, 0, 1) }),
  counter: fc.integer({ min: 0, max: 0xfffe }),
  node: arbNode,
});

describe('hlc format', () => {
  it("is Actual's time-counter-node, fixed width", () => {
    expect(formatHlc({ millis: T, counter: 26, node: NODE_A })).toBe('2026-12-01T12:00:00.000Z-001a-00000000000000aa');
    expect(parseHlc('2026-12-01T12:00:00.000Z-001a-00000000000000aa')).toEqual({ millis: T, counter: 26, node: NODE_A });
  });

  it('refuses malformed clocks and nodes with a clear error', () => {
    expect(() => parseHlc('yesterday')).toThrow(ClockError);
    expect(() => parseHlc('2026-12-01T12:00:00.000Z-001a-XYZ')).toThrow(/not a clock/);
    expect(() => formatHlc({ millis: T, counter: 0, node: 'abc' })).toThrow(/16 lowercase hex/);
    expect(() => formatHlc({ millis: T, counter: 0x10000, node: NODE_A })).toThrow(/counter/);
  });

  it('round-trips, and string order is (time, counter, node) order', () => {
    fc.assert(
      fc.property(arbHlc, arbHlc, (a, b) => {
        expect(parseHlc(formatHlc(a))).toEqual(a);
        const s = Math.sign(formatHlc(a) < formatHlc(b) ? -1 : formatHlc(a) > formatHlc(b) ? 1 : 0);
        expect(s).toBe(Math.sign(compareHlc(a, b)));
      }),
    );
  });
});

describe('hlc tick and receive', () => {
  it('counts up within one millisecond and resets when time moves on', () => {
    const a = tick({ millis: 0, counter: 0, node: NODE_A }, T);
    expect(a).toEqual({ millis: T, counter: 0, node: NODE_A });
    expect(tick(a, T)).toEqual({ millis: T, counter: 1, node: NODE_A });
    expect(tick(a, T - 10)).toEqual({ millis: T, counter: 1, node: NODE_A }); // wall clock stepped back
    expect(tick(a, T + 1)).toEqual({ millis: T + 1, counter: 0, node: NODE_A });
  });

  it('carries into the next millisecond past 65,535 events in one, staying unique and increasing', () => {
    let c: Hlc = { millis: T, counter: 0xfffe, node: NODE_A };
    c = tick(c, T);
    expect(c).toEqual({ millis: T, counter: 0xffff, node: NODE_A });
    c = tick(c, T);
    expect(c).toEqual({ millis: T + 1, counter: 0, node: NODE_A });
    expect(receive({ millis: T, counter: 0xffff, node: NODE_A }, { millis: T, counter: 0xffff, node: NODE_B }, T)).toEqual({ millis: T + 1, counter: 0, node: NODE_A });
  });

  it('orders a local event after every clock received, whatever the wall clocks say', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.boolean(), fc.integer({ min: -1000, max: 1000 }), fc.integer({ min: -1000, max: 1000 })), { maxLength: 60 }),
        (steps) => {
          let a: Hlc = { millis: T, counter: 0, node: NODE_A };
          let b: Hlc = { millis: T, counter: 0, node: NODE_B };
          let prevA = a;
          for (const [send, da, db] of steps) {
            if (send) {
              b = tick(b, T + db);
              a = receive(a, b, T + da);
              expect(compareHlc(a, b)).toBeGreaterThan(0);
            } else {
              a = tick(a, T + da);
            }
            expect(compareHlc(a, prevA)).toBeGreaterThan(0); // strictly monotonic
            prevA = a;
          }
        },
      ),
    );
  });

  it('refuses a remote clock too far ahead, naming the node and the skew', () => {
    const remote = { millis: T + 10 * 60_000, counter: 0, node: NODE_B };
    expect(() => receive({ millis: T, counter: 0, node: NODE_A }, remote, T)).toThrow(/node 00000000000000bb is 600000 ms ahead/);
    expect(receive({ millis: T, counter: 0, node: NODE_A }, { ...remote, millis: T + MAX_DRIFT_MS }, T).millis).toBe(T + MAX_DRIFT_MS);
    expect(skewMs(formatHlc(remote), T)).toBe(600_000);
    expect(skewMs(formatHlc(remote), T + 700_000)).toBe(0);
  });
});
