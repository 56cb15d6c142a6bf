import type { Db } from './connection.js';

/**
 * The lead ids of a workspace in typed arrays by rowid, for a big touchpoints import: each row finds
 * its lead's rowid through leads_external_id alone (a covering probe of a small index) and its id
 * here, instead of reading the lead's table row. On 1M touchpoints onto 200k leads those table reads
 * were most of the 12 s the lookups took: the leads table does not stay in the page cache beside
 * the pages the inserts dirty. 17 bytes a rowid (1M leads: 17 MB).
 *
 * A snapshot taken in the import's transaction: a touchpoints import changes no lead, and nobody else
 * writes inside the transaction, so it stays exact. Ids not shaped like the app's UUIDs are kept as
 * strings beside it.
 */

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));
/** Beyond this many rowids (68 MB of arrays) the caller keeps to SQL. */
const MAX_ROWID = 4_000_000;
/** A touchpoint file's rows per lead below which loading every lead costs more than it saves. */
const MIN_ROWS_PER_LEAD = 1 / 8;

export class LeadIdsByRowid {
  private constructor(
    private readonly bytes: Uint8Array,
    /** 0: no lead, 1: live, 2: deleted, 3: live with an id kept in `odd`. */
    private readonly state: Uint8Array,
    private readonly odd: Map<number, string>,
    private readonly probe: (externalId: string) => number | undefined,
  ) {}

  /** Null when the file is small beside the leads, or there are too many rowids for arrays. */
  static load(db: Db, expectedRows: number): LeadIdsByRowid | null {
    const max = (db.prepare('SELECT coalesce(max(rowid), 0) FROM leads').pluck().get() as number) + 1;
    if (max > MAX_ROWID || expectedRows < 10_000 || expectedRows < max * MIN_ROWS_PER_LEAD) return null;
    const bytes = new Uint8Array(max * 16);
    const state = new Uint8Array(max);
    const odd = new Map<number, string>();
    for (const [rowid, id, deleted] of db.prepare('SELECT rowid, id, deleted FROM leads').raw().iterate() as Iterable<
      [number, string, number]
    >) {
      if (deleted !== 0) state[rowid] = 2;
      else if (UUID.test(id)) {
        state[rowid] = 1;
        const hex = id.replaceAll('-', '');
        for (let i = 0; i < 16; i++) bytes[rowid * 16 + i] = parseInt(hex.slice(2 * i, 2 * i + 2), 16);
      } else {
        state[rowid] = 3;
        odd.set(rowid, id);
      }
    }
    const byExternal = db.prepare('SELECT rowid FROM leads WHERE external_id = ?').pluck();
    return new LeadIdsByRowid(bytes, state, odd, (v) => byExternal.get(v) as number | undefined);
  }

  /** The live lead with this external id; undefined when none is (absent or deleted: ask SQL why). */
  liveByExternalId(externalId: string): string | undefined {
    const rowid = this.probe(externalId);
    if (rowid === undefined) return undefined;
    const s = this.state[rowid];
    if (s === 3) return this.odd.get(rowid);
    if (s !== 1) return undefined;
    const b = this.bytes;
    const o = rowid * 16;
    let id = '';
    for (let i = 0; i < 16; i++) {
      id += HEX[b[o + i]!]!;
      if (i === 3 || i === 5 || i === 7 || i === 9) id += '-';
    }
    return id;
  }
}
