import type { Db } from './connection.js';
import { stmt } from './statements.js';

/**
 * Upkeep of lift_mql (migration 0021): one row per MQL with its lead fields and the masks of the
 * touchpoint values it touched up to its MQL time, and of lift_match, its rule bits for the last
 * rule sets analysed (one slot each). The lift report checks (liftSummaryCurrent, read only) and, when something
 * changed, calls refreshLiftSummary in a write transaction with its own pass: it folds in what
 * changed since the last refresh (new touchpoints above the rowid watermark, the leads in
 * lift_dirty), or builds the tables whole the first time and after a VACUUM renumbered
 * touchpoints. MQL times that moved are found by the report's pass (the row's mql_at differs from
 * lead_rollup's) and handed to markStale.
 */

/** Mask columns k0..k15 of lift_mql, BITS values each (bits stay below 2^52: exact in JS and SQLite). */
export const MASK_COLUMNS = 16;
export const BITS = 52;
/** The touchpoint columns engagement rules test (lift_touch_bits.col). */
export const TOUCH_COLS = ['type', 'offer_id', 'campaign_id', 'channel'] as const;
export type TouchCol = (typeof TOUCH_COLS)[number];

const LEAD_FIELDS = 'email, name, company, domain, country, industry, employees, job_title, seniority, budget, source, attributes';
/** lift_mql's NOT NULL copies of leads columns (a no_lead row holds '' there). */
const NOT_NULL_FIELDS = new Set(['name', 'company', 'country', 'attributes']);
const KS = Array.from({ length: MASK_COLUMNS }, (_, j) => `k${j}`);

interface Bit {
  bit: number;
  col: TouchCol;
  value: string;
}

/** Bit numbers start at 1 (the rowid); position p = bit - 1 lives in column k{p / BITS} at 2^(p % BITS). */
export const slotOf = (bit: number) => ({ mask: Math.floor((bit - 1) / BITS), value: 2 ** ((bit - 1) % BITS) });

function dictionary(db: Db): Bit[] {
  return stmt(db, 'SELECT bit, col, value FROM lift_touch_bits ORDER BY bit').pluck(false).all() as Bit[];
}

/**
 * Each mask column over `touchpoints t` grouped per lead: per touchpoint column, sum(DISTINCT …) of
 * the bits its values have in that mask column. A touchpoint column sets at most one bit per
 * touchpoint, so the sum of distinct bits is their OR, and bits of different columns never meet.
 */
function maskSql(dict: readonly Bit[]): { cols: string[]; params: unknown[] } {
  const params: unknown[] = [];
  const cols = KS.map((_, j) => {
    const terms: string[] = [];
    for (const col of TOUCH_COLS) {
      const here = dict.filter((b) => b.col === col && slotOf(b.bit).mask === j);
      if (!here.length) continue;
      terms.push(`coalesce(sum(DISTINCT CASE lower(trim(t.${col})) ${here.map(() => 'WHEN ? THEN ?').join(' ')} ELSE 0 END), 0)`);
      for (const b of here) params.push(b.value, slotOf(b.bit).value);
    }
    return terms.length ? terms.join(' + ') : 'NULL';
  });
  return { cols, params };
}

/** A canonical touchpoint value a rule names (lift_touch_bits.col, value). */
export interface TouchValue {
  col: TouchCol;
  value: string;
}
const keyOf = (v: TouchValue) => `${v.col}\u0000${v.value}`;

/** Whether each of `needed` has its bit (read only). */
function numbered(db: Db, needed: readonly TouchValue[]): boolean {
  const have = new Set(dictionary(db).map(keyOf));
  return needed.every((v) => have.has(keyOf(v)));
}

/**
 * Give each of `needed` (the values the report's rules name) a bit. Only rule values are numbered,
 * so the masks fill only when the rule sets analysed name more than they hold. 'same': all had one;
 * 'added': new bits, and the MQLs that touched those values before their MQL time are marked
 * dirty (their masks lack them); 'reset': with the values of earlier rule sets they would not fit,
 * so the dictionary now holds `needed` alone and the rows must be built whole. With `markDirty`
 * false the caller rebuilds the rows whole anyway, so the scan for MQLs to mark is skipped (at
 * 200k leads it was a third of the first build).
 */
function numberValues(db: Db, needed: readonly TouchValue[], markDirty: boolean): 'same' | 'added' | 'reset' {
  const dict = dictionary(db);
  const have = new Set(dict.map(keyOf));
  const missing = needed.filter((v) => !have.has(keyOf(v)));
  if (!missing.length) return 'same';
  const insert = stmt(db, 'INSERT OR IGNORE INTO lift_touch_bits (col, value) VALUES (?, ?)');
  if (dict.length + missing.length > MASK_COLUMNS * BITS) {
    db.prepare('DELETE FROM lift_touch_bits').run();
    for (const v of needed) insert.run(v.col, v.value);
    return 'reset';
  }
  for (const v of missing) insert.run(v.col, v.value);
  if (!markDirty) return 'added';
  const cols = TOUCH_COLS.filter((c) => missing.some((v) => v.col === c));
  db.prepare(
    `INSERT OR IGNORE INTO lift_dirty (lead_id)
     SELECT DISTINCT t.lead_id FROM touchpoints t JOIN lift_mql m ON m.lead_id = t.lead_id
     WHERE t.occurred_at <= m.mql_at AND t.deleted = 0
       AND (${cols.map((c) => `lower(trim(t.${c})) IN (SELECT value FROM json_each(?))`).join(' OR ')})`,
  ).run(...cols.map((c) => JSON.stringify(missing.filter((v) => v.col === c).map((v) => v.value))));
  return 'added';
}

/** Write the lift_mql rows of the MQLs in `scope` (a predicate over lead_rollup r) from the source tables. */
function writeRows(db: Db, scope: string): void {
  const m = maskSql(dictionary(db));
  db.prepare(
    `INSERT INTO lift_mql (lead_id, mql_at, no_lead, ${KS.join(', ')}, ${LEAD_FIELDS})
     SELECT g.lead_id, g.mql_at, l.id IS NULL, ${KS.map((k) => `g.${k}`).join(', ')},
       ${LEAD_FIELDS.split(', ').map((c) => (NOT_NULL_FIELDS.has(c) ? `coalesce(l.${c}, '')` : `l.${c}`)).join(', ')}
     FROM (SELECT r.lead_id, r.mql_at${m.cols.map((c, j) => `, ${c} AS k${j}`).join('')}
           FROM lead_rollup r LEFT JOIN touchpoints t ON t.lead_id = r.lead_id AND t.occurred_at <= r.mql_at AND t.deleted = 0
           WHERE r.mql_at IS NOT NULL AND ${scope} GROUP BY r.lead_id) g
     LEFT JOIN leads l ON l.id = g.lead_id`,
  ).run(...m.params);
}

const DIRTY = 'r.lead_id IN (SELECT lead_id FROM lift_dirty)';

function setWatermark(db: Db): void {
  db.prepare(
    `UPDATE lift_state SET touch_rowid = coalesce((SELECT max(rowid) FROM touchpoints), 0),
       touch_id = (SELECT id FROM touchpoints WHERE rowid = (SELECT max(rowid) FROM touchpoints))`,
  ).run();
}

function rebuild(db: Db, matcher: MatcherOf): number | null {
  db.prepare('DELETE FROM lift_mql').run();
  db.prepare('DELETE FROM lift_match').run();
  db.prepare('DELETE FROM lift_match_sets').run();
  db.prepare('DELETE FROM lift_dirty').run();
  setWatermark(db);
  writeRows(db, '1');
  db.prepare('UPDATE lift_state SET built = 1').run();
  return matchesFor(db, matcher);
}

/** lift_match's slots (migration 0021): rule sets kept at once. */
const SLOTS = 3;

const slotFor = (db: Db, key: string) => stmt(db, 'SELECT slot FROM lift_match_sets WHERE match_key = ?').pluck(true).get(key) as number | undefined;

/**
 * The lift_match slot of the report's rule set: kept if written for the same key (the predicates'
 * SQL and bound values), else written whole in a free slot or the one used longest ago. Null
 * without a matcher.
 */
function matchesFor(db: Db, matcher: MatcherOf): number | null {
  const m = matcher?.();
  if (!m) return null;
  const used = (stmt(db, 'SELECT coalesce(max(used), 0) + 1 FROM lift_match_sets').pluck(true).get() as number);
  const found = slotFor(db, m.key);
  if (found !== undefined) {
    db.prepare('UPDATE lift_match_sets SET used = ? WHERE slot = ?').run(used, found);
    return found;
  }
  const taken = new Set(stmt(db, 'SELECT slot FROM lift_match_sets').pluck(true).all() as number[]);
  const free = Array.from({ length: SLOTS }, (_, s) => s).find((s) => !taken.has(s));
  const slot = free ?? (stmt(db, 'SELECT slot FROM lift_match_sets ORDER BY used LIMIT 1').pluck(true).get() as number);
  db.prepare('DELETE FROM lift_match WHERE slot = ?').run(slot);
  db.prepare('DELETE FROM lift_match_sets WHERE slot = ?').run(slot);
  m.write('1', slot);
  db.prepare('INSERT INTO lift_match_sets (slot, match_key, used) VALUES (?, ?, ?)').run(slot, m.key, used);
  return slot;
}

/** Fold in the touchpoints above the watermark and the dirty leads. */
function catchUp(db: Db, state: { touch_rowid: number }, matcher: MatcherOf): number | null {
  // A new touchpoint changes a summarised MQL only when it falls at or before the MQL time there; an
  // MQL without a row yet is found by the report's mismatch pass and computed whole.
  db.prepare(
    `INSERT OR IGNORE INTO lift_dirty (lead_id)
     SELECT t.lead_id FROM touchpoints t JOIN lift_mql m ON m.lead_id = t.lead_id
     WHERE t.rowid > ? AND t.occurred_at <= m.mql_at AND t.deleted = 0`,
  ).run(state.touch_rowid);
  setWatermark(db);
  const dirty = stmt(db, 'SELECT EXISTS (SELECT 1 FROM lift_dirty)').pluck(true).get() as number;
  if (!dirty) return matchesFor(db, matcher);
  db.prepare('DELETE FROM lift_mql WHERE lead_id IN (SELECT lead_id FROM lift_dirty)').run();
  // Every slot's rows of those leads go (slot IN …: a search of the key per slot); the report's own
  // slot is written again here, the others when a report on them finds the rows missing.
  db.prepare(`DELETE FROM lift_match WHERE slot IN (${Array.from({ length: SLOTS }, (_, s) => s).join(', ')}) AND lead_id IN (SELECT lead_id FROM lift_dirty)`).run();
  writeRows(db, DIRTY);
  const m = matcher?.();
  const slot = m ? slotFor(db, m.key) : undefined;
  if (m && slot !== undefined) m.write('l.lead_id IN (SELECT lead_id FROM lift_dirty)', slot);
  db.prepare('DELETE FROM lift_dirty').run();
  return matchesFor(db, matcher);
}

/**
 * What the report tests per MQL, to keep lift_match: `key` names the rule set's predicates (SQL and
 * bound values, after the touchpoint values are numbered), `write(scope, slot)` writes the
 * lift_match rows in that slot of the lift_mql rows in scope (a predicate over lift_mql l). Asked for only once the
 * touchpoint values are numbered, since an engagement rule's bits depend on them; null when the
 * rules do not fit lift_match.
 */
export interface Matcher {
  key: string;
  write(scope: string, slot: number): void;
}
type MatcherOf = (() => Matcher | null) | undefined;

interface State {
  built: number;
  touch_rowid: number;
  touch_id: string | null;
}

/** Upkeeps given up because another connection held the write lock (the report then read the source tables). */
export const liftUpkeepBusy = { count: 0 };

/**
 * Run `fn` in one write transaction (a savepoint inside an open one); null when another connection
 * holds the write lock (an import or rescore job). The lock is tried with no busy wait: the report
 * can answer from the source tables at once, so waiting out the connection's busy timeout behind a
 * job (5 s, then that same fallback) would only delay it.
 */
export function writing<T>(db: Db, fn: () => T): T | null {
  const tx = db.transaction(fn);
  if (db.inTransaction) return tx();
  const timeout = db.pragma('busy_timeout', { simple: true }) as number;
  db.pragma('busy_timeout = 0');
  try {
    return tx.immediate();
  } catch (e) {
    if (String((e as { code?: string }).code ?? '').startsWith('SQLITE_BUSY')) {
      liftUpkeepBusy.count++;
      return null;
    }
    throw e;
  } finally {
    db.pragma(`busy_timeout = ${Number(timeout)}`);
  }
}

function state(db: Db): State {
  return stmt(db, 'SELECT built, touch_rowid, touch_id FROM lift_state').pluck(false).get() as State;
}

/**
 * The matcher's lift_match slot when lift_mql and that slot already hold every write (but moved MQL
 * times, see markStale), else null: read only, so a report with nothing to fold in takes no write lock.
 */
export function liftSummaryCurrent(db: Db, needed: readonly TouchValue[], matcher: () => Matcher | null): number | null {
  const s = state(db);
  if (s.built !== 1 || !numbered(db, needed)) return null;
  const newest = stmt(db, 'SELECT max(rowid) FROM touchpoints').pluck(true).get() as number | null;
  if ((newest ?? 0) !== s.touch_rowid) return null;
  if (newest !== null && stmt(db, 'SELECT id FROM touchpoints WHERE rowid = ?').pluck(true).get(s.touch_rowid) !== s.touch_id) return null;
  if (stmt(db, 'SELECT EXISTS (SELECT 1 FROM lift_dirty)').pluck(true).get()) return null;
  const m = matcher();
  return m ? (slotFor(db, m.key) ?? null) : null;
}

/**
 * Bring lift_mql (and lift_match for the matcher's rules) up to date with every write except moved
 * MQL times (see markStale), inside the caller's write transaction, with a bit for each of `needed`
 * (the touchpoint values the rules name; the caller checks they fit the masks).
 */
export function refreshLiftSummary(db: Db, needed: readonly TouchValue[], matcher: () => Matcher | null): number | null {
  const s = state(db);
  const renumbered =
    s.touch_id !== null &&
    (stmt(db, 'SELECT id FROM touchpoints WHERE rowid = ?').pluck(true).get(s.touch_rowid) as string | undefined) !== s.touch_id;
  const whole = s.built !== 1 || renumbered;
  const values = numberValues(db, needed, !whole);
  if (whole || values === 'reset') return rebuild(db, matcher);
  return catchUp(db, s, matcher);
}

/**
 * Inside the caller's write transaction: the MQLs in `where` (a predicate over lead_rollup r) whose
 * row in lift_match's `slot` is missing or was written for another MQL time are recomputed, with
 * whatever else is pending. The slot as refreshLiftSummary's (null when the summary is not built).
 */
export function markStale(db: Db, where: string, params: unknown[], slot: number, matcher: () => Matcher | null): number | null {
  db.prepare(
    `INSERT OR IGNORE INTO lift_dirty (lead_id)
     SELECT r.lead_id FROM lead_rollup r LEFT JOIN lift_match m ON m.slot = ? AND m.lead_id = r.lead_id
     WHERE ${where} AND r.mql_at IS NOT NULL AND m.mql_at IS NOT r.mql_at`,
  ).run(slot, ...params);
  const s = state(db);
  return s.built === 1 ? catchUp(db, s, matcher) : null;
}

/** The bits of the canonical values of one touchpoint column, per mask column (values never touched have none). */
export function bitsOf(db: Db, col: TouchCol, values: readonly string[]): Map<number, number> {
  const out = new Map<number, number>();
  const q = stmt(db, 'SELECT bit FROM lift_touch_bits WHERE col = ? AND value = ?').pluck(true);
  for (const v of new Set(values)) {
    const bit = q.get(col, v) as number | undefined;
    if (bit === undefined) continue;
    const s = slotOf(bit);
    out.set(s.mask, (out.get(s.mask) ?? 0) + s.value);
  }
  return out;
}

/** Forget the summary so the next report builds it whole (bench: the cost of a first build). */
export function resetLiftSummary(db: Db): void {
  db.prepare('UPDATE lift_state SET built = 0').run();
}
