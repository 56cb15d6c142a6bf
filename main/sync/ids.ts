import { hash } from 'node:crypto';
import { defaultRowId } from '../db/migrations/0005-sal-loop.js';

// One-shot hash: an import derives an id or two per row, and a Hash object per call cost twice as much.
const digest = (namespace: string, parts: readonly string[]): string => hash('sha256', `leadpact-${namespace}:${parts.join('\u0000')}`, 'hex');

/**
 * A name-based id for a row that two laptops may each make by the same rule (a rescore's handoff):
 * both make the same id, so sync merges them into one row instead of keeping two. Shaped like the
 * project's UUIDv7 ids (version 7, RFC variant) with the time bits from the hash, as the seeded
 * default reasons' ids are (migration 0005); the namespace keeps it apart from those.
 */
export function nameBasedId(namespace: string, ...parts: readonly string[]): string {
  const h = digest(namespace, parts);
  const variant = ((parseInt(h[15]!, 16) & 0x3) | 0x8).toString(16);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-7${h.slice(12, 15)}-${variant}${h.slice(16, 19)}-${h.slice(19, 31)}`;
}

/**
 * As nameBasedId, but with the UUIDv7 time bits set to `millis` (a date the row's source gives,
 * alike on every laptop): rows made from a file sorted by date keep ids in roughly insertion order,
 * which the rescore's walk in id order and the primary key's inserts both like.
 */
export function timedNameBasedId(namespace: string, millis: number, ...parts: readonly string[]): string {
  const h = digest(namespace, parts);
  const t = Math.min(Math.max(Math.trunc(millis), 0), 0xffff_ffff_ffff).toString(16).padStart(12, '0');
  const variant = ((parseInt(h[3]!, 16) & 0x3) | 0x8).toString(16);
  return `${t.slice(0, 8)}-${t.slice(8, 12)}-7${h.slice(0, 3)}-${variant}${h.slice(4, 7)}-${h.slice(7, 19)}`;
}

/*
 * Ids from a row's natural key (the columns with a unique index, see natural-keys.ts): the same lead
 * of one CRM export imported on two laptops, or the same reason code added on two, is one row with
 * one id, whose fields merge by last-writer-wins. Rows made before these (random ids) are merged on
 * pull instead (merge.ts).
 */

/** A lead with a CRM id; `createdAt` only when the source gave the creation date (not "now"). */
export const leadIdFor = (externalId: string, createdAt?: number): string =>
  createdAt === undefined ? nameBasedId('lead', externalId) : timedNameBasedId('lead', createdAt, externalId);

export const outcomeIdFor = (externalId: string): string => nameBasedId('outcome', externalId);

/** The same derivation as the seeded defaults', so a default and a code added later agree. */
export const rejectionReasonIdFor = (code: string): string => defaultRowId(`rejection:${code}`);
export const lossReasonIdFor = (code: string): string => defaultRowId(`loss:${code}`);
