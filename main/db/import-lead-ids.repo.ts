import type { Db } from './connection.js';

/**
 * The lead ids of a workspace in typed arrays by rowid, for a big touchpoints import: each row finds
 * its lead's rowid through leads_external_id alone (a covering probe of a small index) and its id
 * here, instead of reading the lead's table row. On 1M touchpoints onto 200k leads those table reads
 * were most of the 12 s the lookups took: the leads table does not stay in the page cache beside
 * the pages the inserts dirty. 17 bytes a rowid (1M leads: 17 MB), and for external ids that are
 * record numbers no index probe at all (NumericExternalIds below: the lookups of 1M touchpoints
 * onto 200k leads 8.7 s -> 3.3 s, writer CPU 41.9 -> 37.2 s, same locked run).
 *
 * A snapshot taken in the import's transaction: a touchpoints import changes no lead, and nobody else
 * writes inside the transaction, so it stays exact. Ids not shaped like the app's UUIDs are kept as
 * strings beside it.
 */

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
/** An external id that is a number written one way only (CRM record ids mostly are): no sign, no leading zero. */
const CANONICAL_INTEGER = /^(?:0|[1-9][0-9]{0,14})$/;
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
    const numeric = NumericExternalIds.load(db);
    return new LeadIdsByRowid(bytes, state, odd, (v) =>
      numeric && CANONICAL_INTEGER.test(v) ? numeric.rowid(Number(v)) : (byExternal.get(v) as number | undefined),
    );
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

/**
 * The leads whose external id is a canonical integer, sorted by it, with their rowids (12 bytes a
 * lead): a binary search instead of a probe of leads_external_id, whose pages, like the table's,
 * do not stay cached beside the inserts'. Exact: such a string and its number name each other, so an
 * id of that form is here or nowhere; any other form goes to the index.
 */
class NumericExternalIds {
  private constructor(
    private readonly keys: Float64Array,
    private readonly rowids: Int32Array,
  ) {}

  static load(db: Db): NumericExternalIds | null {
    // Typed arrays from the start: a JS array of a million numbers, the rowids beside it and their
    // sort order put ~60 MB of short-lived garbage on the writer's heap at 1M leads (the peak RSS
    // of a touchpoints import), these 8 + 4 + 4 bytes a lead.
    const n = db.prepare('SELECT count(*) FROM leads WHERE external_id IS NOT NULL').pluck().get() as number;
    const keys = new Float64Array(n);
    const rowids = new Int32Array(n);
    let k = 0;
    const all = db.prepare('SELECT external_id, rowid FROM leads WHERE external_id IS NOT NULL').raw();
    for (const [ext, rowid] of all.iterate() as Iterable<[string, number]>) {
      if (k === n) break; // nobody else writes inside the import's transaction: n is exact
      if (!CANONICAL_INTEGER.test(ext) || rowid > 0x7fffffff) continue;
      keys[k] = Number(ext);
      rowids[k++] = rowid;
    }
    if (k === 0) return null;
    const order = new Uint32Array(k);
    for (let i = 0; i < k; i++) order[i] = i;
    order.sort((a, b) => keys[a]! - keys[b]!);
    const sortedKeys = new Float64Array(k);
    const sortedRowids = new Int32Array(k);
    for (let i = 0; i < k; i++) {
      sortedKeys[i] = keys[order[i]!]!;
      sortedRowids[i] = rowids[order[i]!]!;
    }
    return new NumericExternalIds(sortedKeys, sortedRowids);
  }

  rowid(key: number): number | undefined {
    let lo = 0;
    let hi = this.keys.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const k = this.keys[mid]!;
      if (k === key) return this.rowids[mid];
      if (k < key) lo = mid + 1;
      else hi = mid - 1;
    }
    return undefined;
  }
}
