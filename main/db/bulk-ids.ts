import { randomFillSync } from 'node:crypto';

/**
 * UUIDv7 for bulk writes (an import makes two or three per row). Same format and time order as
 * ids.ts's newId, about 10× faster: randomness comes from a pooled buffer instead of one system call
 * per id, and the 30-bit counter (RFC 9562 §6.2, method 1) keeps ids made in the same millisecond
 * strictly increasing.
 */

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));
const POOL = 16 * 1024;
let pool = Buffer.alloc(0);
let pos = POOL;
let lastMs = -1;
let counter = 0;

function rnd(): number {
  if (pos >= pool.length) {
    pool = randomFillSync(Buffer.alloc(POOL));
    pos = 0;
  }
  return pool[pos++]!;
}

const seed = () => ((rnd() << 21) | (rnd() << 13) | (rnd() << 5) | (rnd() >> 3)) & 0x1fffffff; // 29 bits: room to count up

export function bulkId(now = Date.now()): string {
  if (now > lastMs) {
    lastMs = now;
    counter = seed();
  } else if (++counter > 0x3fffffff) {
    lastMs++;
    counter = seed();
  }
  const ms = lastMs;
  const hi = Math.floor(ms / 0x1000000); // top 24 bits of the 48-bit timestamp
  const lo = ms % 0x1000000;
  return (
    HEX[(hi >>> 16) & 0xff]! +
    HEX[(hi >>> 8) & 0xff]! +
    HEX[hi & 0xff]! +
    HEX[(lo >>> 16) & 0xff]! +
    '-' +
    HEX[(lo >>> 8) & 0xff]! +
    HEX[lo & 0xff]! +
    '-' +
    HEX[0x70 | ((counter >>> 26) & 0x0f)]! +
    HEX[(counter >>> 18) & 0xff]! +
    '-' +
    HEX[0x80 | ((counter >>> 12) & 0x3f)]! +
    HEX[(counter >>> 4) & 0xff]! +
    '-' +
    HEX[((counter & 0x0f) << 4) | (rnd() & 0x0f)]! +
    HEX[rnd()]! +
    HEX[rnd()]! +
    HEX[rnd()]! +
    HEX[rnd()]! +
    HEX[rnd()]!
  );
}
