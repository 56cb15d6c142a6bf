import type { Db } from './connection.js';

/**
 * Touchpoints for suggested points: only what a suggestion learns from (type, offer, time), as
 * parallel arrays per lead rather than an object per touchpoint: a suggestion over 100k leads reads
 * about a million touchpoints, and their objects were a large share of its time (garbage collection).
 */
export interface LeadTouches {
  types: string[];
  offers: (string | null)[];
  at: number[];
}

type Raw = [string, string, string | null, number];

export function suggestTouchReader(db: Db) {
  const cols = 'lead_id, type, offer_id, occurred_at';
  const range = db.prepare(`SELECT ${cols} FROM touchpoints WHERE lead_id BETWEEN ? AND ? AND deleted = 0`).raw();
  const list = db.prepare(`SELECT ${cols} FROM touchpoints WHERE lead_id IN (SELECT value FROM json_each(?)) AND deleted = 0`).raw();
  const group = (rows: Raw[]) => {
    const out = new Map<string, LeadTouches>();
    let lastId = '';
    let cur: LeadTouches | undefined;
    for (const [leadId, type, offerId, at] of rows) {
      if (leadId !== lastId) {
        cur = out.get(leadId);
        if (!cur) out.set(leadId, (cur = { types: [], offers: [], at: [] }));
        lastId = leadId;
      }
      cur!.types.push(type);
      cur!.offers.push(offerId);
      cur!.at.push(at);
    }
    return out;
  };
  return {
    inRange: (firstId: string, lastId: string) => group(range.all(firstId, lastId) as Raw[]),
    of: (ids: readonly string[]) => group(list.all(JSON.stringify(ids)) as Raw[]),
  };
}

/** Offer id → offer type, for the `offer.type` candidates. */
export function offerTypes(db: Db): Map<string, string> {
  return new Map(db.prepare('SELECT id, type FROM offers').raw().all() as [string, string][]);
}
