/**
 * Hybrid logical clocks in Actual's format: `<ISO time>-<counter, 4 hex>-<node, 16 hex>`, e.g.
 * `2026-12-01T20:44:03.123Z-0000-9f3a6c01d2e4b5a7`. Fixed width, so comparing the strings compares
 * (time, counter, node): the order every client and the hub agree on.
 */

export interface Hlc {
  readonly millis: number;
  readonly counter: number;
  readonly node: string;
}

export const MAX_COUNTER = 0xffff;
/** How far a clock may run ahead of the hub's own time before the hub refuses it. */
export const MAX_DRIFT_MS = 5 * 60_000;
const NODE_RE = /^[0-9a-f]{16}$/;
const CLOCK_RE = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z)-([0-9a-f]{4})-([0-9a-f]{16})$/;

export class ClockError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ClockError';
  }
}

export function isNode(node: string): boolean {
  return NODE_RE.test(node);
}

export function formatHlc(c: Hlc): string {
  if (!isNode(c.node)) throw new ClockError(`A clock node is 16 lowercase hex digits, not "${c.node}".`);
  if (!Number.isInteger(c.counter) || c.counter < 0 || c.counter > MAX_COUNTER) {
    throw new ClockError(`A clock counter is 0..${MAX_COUNTER}, not ${c.counter}.`);
  }
  const iso = new Date(c.millis).toISOString();
  // Years outside 0000-9999 would break the fixed width and so the string order.
  if (iso.length !== 24) throw new ClockError(`A clock time must be within years 0000-9999 (${c.millis}).`);
  return `${iso}-${c.counter.toString(16).padStart(4, '0')}-${c.node}`;
}

export function parseHlc(s: string): Hlc {
  const m = CLOCK_RE.exec(s);
  if (!m) throw new ClockError(`"${s}" is not a clock (time-counter-node).`);
  const millis = Date.parse(m[1]!);
  if (Number.isNaN(millis)) throw new ClockError(`"${s}" has an invalid time.`);
  return { millis, counter: parseInt(m[2]!, 16), node: m[3]! };
}

export function compareHlc(a: Hlc, b: Hlc): number {
  if (a.millis !== b.millis) return a.millis < b.millis ? -1 : 1;
  if (a.counter !== b.counter) return a.counter < b.counter ? -1 : 1;
  return a.node < b.node ? -1 : a.node > b.node ? 1 : 0;
}

/** The clock of a local event at wall time `now`: never behind the last clock this node saw. */
export function tick(last: Hlc, now: number, maxDrift = MAX_DRIFT_MS): Hlc {
  const millis = Math.max(last.millis, now);
  const counter = millis === last.millis ? last.counter + 1 : 0;
  if (millis - now > maxDrift) {
    throw new ClockError(`The clock is ${millis - now} ms ahead of this machine's time (cap ${maxDrift} ms).`);
  }
  return carry(millis, counter, last.node);
}

/**
 * More than 65,536 events in one millisecond (a bulk import stamped at once) carry into the next
 * millisecond rather than fail: clocks stay unique and increasing, and run ahead of wall time by
 * at most a few ms per million events.
 */
function carry(millis: number, counter: number, node: string): Hlc {
  return counter > MAX_COUNTER ? { millis: millis + 1, counter: 0, node } : { millis, counter, node };
}

/** Merge a clock received from another node, so that later local events order after it. */
export function receive(last: Hlc, remote: Hlc, now: number, maxDrift = MAX_DRIFT_MS): Hlc {
  if (remote.millis - now > maxDrift) {
    throw new ClockError(
      `A clock from node ${remote.node} is ${remote.millis - now} ms ahead of this machine's time (cap ${maxDrift} ms).`,
    );
  }
  const millis = Math.max(last.millis, remote.millis, now);
  let counter: number;
  if (millis === last.millis && millis === remote.millis) counter = Math.max(last.counter, remote.counter) + 1;
  else if (millis === last.millis) counter = last.counter + 1;
  else if (millis === remote.millis) counter = remote.counter + 1;
  else counter = 0;
  return carry(millis, counter, last.node);
}

/** Ahead of `now` by how many ms (0 when not ahead): the hub's drift check on one clock. */
export function skewMs(clock: string, now: number): number {
  return Math.max(0, parseHlc(clock).millis - now);
}
