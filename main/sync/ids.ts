import { createHash } from 'node:crypto';

/**
 * A name-based id for a row that two laptops may each make by the same rule (a rescore's handoff):
 * both make the same id, so sync merges them into one row instead of keeping two. Shaped like the
 * project's UUIDv7 ids (version 7, RFC variant) with the time bits from the hash, as the seeded
 * default reasons' ids are (migration 0005); the namespace keeps it apart from those.
 */
export function nameBasedId(namespace: string, ...parts: readonly string[]): string {
  const h = createHash('sha256').update(`leadpact-${namespace}:${parts.join('\u0000')}`).digest('hex');
  const variant = ((parseInt(h[15]!, 16) & 0x3) | 0x8).toString(16);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-7${h.slice(12, 15)}-${variant}${h.slice(16, 19)}-${h.slice(19, 31)}`;
}
