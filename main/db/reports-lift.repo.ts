import type { Db } from './connection.js';
import type { ReportFilters } from '../../shared/contracts/reports.js';
import { LEAD_FIELDS, type FieldType, type Rule } from '../../shared/domain/criteria.js';
import { columnFor, valueForms, valuePredicate, type ValueForms } from './rule-sql.js';
import { leadIsLive, rollupWhere } from './reports-common.repo.js';
import { BITS, MASK_COLUMNS, bitsOf, liftSummaryCurrent, markStale, refreshLiftSummary, writing, type Matcher, type TouchCol, type TouchValue } from './lift-summary.repo.js';

export interface MatchCounts {
  population: number;
  won: number;
  /** Per rule, in the order given: MQLs matching and how many of them won. */
  rules: { n: number; won: number }[];
}

const canon = (x: unknown): string =>
  typeof x === 'string' ? x.trim().toLowerCase() : typeof x === 'boolean' ? (x ? '1' : '0') : String(x);

/** The touchpoint column an engagement rule tests, and the canonical values it accepts there. */
function touchTest(db: Db, rule: Rule): { expr: string; values: string[] } {
  const values = (Array.isArray(rule.value) ? rule.value : [rule.value]).map(canon);
  switch (rule.field) {
    case 'touchpoint.type':
      return { expr: 't.type', values };
    case 'offer.id':
      return { expr: 't.offer_id', values };
    // An offer type becomes the ids of its offers (a small table), so the test is on the touchpoint itself.
    case 'offer.type':
      return { expr: 't.offer_id', values: offerIdsOfTypes(db, values) };
    case 'campaign.id':
      return { expr: 't.campaign_id', values };
    case 'channel':
      return { expr: 't.channel', values };
    default:
      throw new Error(`No column for touchpoint field ${rule.field}`);
  }
}

function offerIdsOfTypes(db: Db, types: string[]): string[] {
  return db
    .prepare(`SELECT lower(trim(id)) FROM offers WHERE lower(trim(type)) IN (SELECT value FROM json_each(?)) ORDER BY 1`)
    .pluck()
    .all(JSON.stringify(types)) as string[];
}


/** Bits of a packed count's lane (see ruleMatchCounts): room for 2M MQLs, and lane pairs under 2^53. */
const LANE = 21;

interface TouchMask {
  /** sum(DISTINCT …) over the MQL's touchpoints up to its MQL time: the OR of the value bits seen. */
  sql: string;
  params: unknown[];
}

/**
 * The touchpoint values the engagement rules test, as bit masks. Each (column, canonical value) has
 * its own bit, and a mask column tests a single touchpoint column, so a touchpoint sets at most one
 * bit of it: the sum of the distinct bits over an MQL's touchpoints is their OR. A rule matches when
 * its values' bits meet what its MQL touched (`test`: the SQL over the mask columns kN).
 */
function touchMasks(db: Db, engagement: readonly Rule[]): { masks: TouchMask[]; test: Map<Rule, string> } {
  const byExpr = new Map<string, Set<string>>();
  const masks: TouchMask[] = [];
  const tests = new Map(engagement.map((r) => [r, touchTest(db, r)]));
  for (const r of engagement) {
    const t = tests.get(r)!;
    const values = byExpr.get(t.expr) ?? new Set<string>();
    byExpr.set(t.expr, values);
    for (const v of t.values) values.add(v);
  }
  // Lay each column's values out in mask columns of BITS values.
  const slot = new Map<string, { mask: number; bit: number }>();
  for (const [expr, values] of byExpr) {
    const list = [...values];
    for (let c = 0; c * BITS < list.length; c++) {
      const chunk = list.slice(c * BITS, (c + 1) * BITS);
      const mask = masks.length;
      chunk.forEach((v, bit) => slot.set(`${expr}\u0000${v}`, { mask, bit }));
      masks.push({
        sql: `sum(DISTINCT CASE lower(trim(${expr})) ${chunk.map(() => 'WHEN ? THEN ?').join(' ')} ELSE 0 END)`,
        params: chunk.flatMap((v, bit) => [v, 2 ** bit]),
      });
    }
  }
  const test = new Map<Rule, string>();
  for (const r of engagement) {
    const t = tests.get(r)!;
    const perMask = new Map<number, number>();
    for (const v of new Set(t.values)) {
      const at = slot.get(`${t.expr}\u0000${v}`)!;
      perMask.set(at.mask, (perMask.get(at.mask) ?? 0) + 2 ** at.bit);
    }
    test.set(r, perMask.size ? [...perMask].map(([m, bits]) => `(coalesce(y.k${m}, 0) & ${bits}) <> 0`).join(' OR ') : '0');
  }
  return { masks, test };
}

/**
 * The storage class of the lead columns (leads is a STRICT table): a text column holds text or NULL,
 * a number column an integer or real or NULL. Their canonical forms then need no type tests or
 * casts per MQL: the same values as rule-sql's general forms, fewer function calls. Attributes
 * (JSON values of any type) keep the general forms.
 */
// The rule model's lead fields are these STRICT columns, and their types are the columns' classes.
const STRICT_TYPE: Readonly<Record<string, FieldType>> = LEAD_FIELDS;

/** rule-sql's forms for a column that holds text or NULL. */
const textForms = (expr: string): ValueForms => ({
  present: `(${expr} IS NOT NULL AND trim(${expr}) <> '')`,
  text: `lower(trim(${expr}))`,
  lower: `lower(${expr})`,
});

/** A range rule on a number column: a NULL compares as NULL, which no CASE WHEN takes. */
function numberRange(expr: string, value: Rule['value']): { sql: string; params: unknown[] } {
  const r = (value ?? {}) as { min?: number; max?: number };
  const parts = [`${expr} IS NOT NULL`];
  const params: unknown[] = [];
  if (r.min !== undefined) {
    parts.push(`${expr} >= ?`);
    params.push(r.min);
  }
  if (r.max !== undefined) {
    parts.push(`${expr} <= ?`);
    params.push(r.max);
  }
  return { sql: `(${parts.join(' AND ')})`, params };
}

/** The predicate SQL of every rule over the row y, with what y must carry: field columns vN (over `l`) and their forms. */
function rulePredicates(rules: readonly Rule[], test: Map<Rule, string>) {
  // Each lead field the fit and disqualifier rules test is read once per MQL (x.vN) and its forms
  // (present, canonical text, lower-cased) computed once (y.pN, y.tN, y.cN) in co-routines; the
  // rules compare those columns instead of spelling the forms out (and json_extract) per mention.
  const fields = [...new Set(rules.filter((r) => r.kind !== 'engagement').map((r) => r.field))];
  const fieldCols = fields.map((field, j) => {
    const c = columnFor(field);
    return { sql: `${c.expr} AS v${j}`, params: c.params };
  });
  // Only the forms some rule on the field uses (a range reads the value itself).
  const uses = (field: string, ops: Rule['operator'][]) => rules.some((r) => r.kind !== 'engagement' && r.field === field && ops.includes(r.operator));
  const formCols = fields.flatMap((field, j) => {
    const kind = STRICT_TYPE[field];
    const f = kind === 'text' ? textForms(`x.v${j}`) : valueForms(`x.v${j}`);
    const text = uses(field, ['equals', 'in', 'not_in', 'starts_with']);
    // A text column's present form follows from its canonical text (y.tN), a number column's is
    // "not null": neither needs a column of its own.
    const present = uses(field, ['equals', 'in', 'not_in', 'exists', 'missing']) && !(kind === 'number' || (kind === 'text' && text));
    return [
      ...(present ? [`${f.present} AS p${j}`] : []),
      ...(text ? [`${f.text} AS t${j}`] : []),
      ...(uses(field, ['contains']) ? [`${f.lower} AS c${j}`] : []),
    ];
  });
  const presentOf = (field: string, j: number) =>
    STRICT_TYPE[field] === 'number'
      ? `(y.v${j} IS NOT NULL)`
      : STRICT_TYPE[field] === 'text' && uses(field, ['equals', 'in', 'not_in', 'starts_with'])
        ? `(y.t${j} IS NOT NULL AND y.t${j} <> '')`
        : `y.p${j}`;
  // Each rule's test over the row y (an MQL with its masks and field forms).
  const preds = rules.map((r) => {
    const t = test.get(r);
    if (t !== undefined) return { sql: t, params: [] as unknown[] };
    const j = fields.indexOf(r.field);
    if (r.operator === 'range' && STRICT_TYPE[r.field] === 'number') return numberRange(`y.v${j}`, r.value);
    return valuePredicate(`y.v${j}`, [], r.operator, r.value, { present: presentOf(r.field, j), text: `y.t${j}`, lower: `y.c${j}` });
  });
  return { fieldCols, formCols, preds };
}

/**
 * Packed: one sum per rule carries both counts, matches in the low LANE bits and wins above them
 * (each matching row adds wt = 1 + won·2^LANE), halving the aggregate steps per MQL; exact while
 * the MQLs number under 2^LANE, else the query runs again with two sums per rule.
 */
function ruleSums(preds: readonly { sql: string; params: unknown[] }[], packed: boolean) {
  return preds.map((p, i) =>
    packed
      ? { sql: `coalesce(sum(CASE WHEN ${p.sql} THEN y.wt END), 0) AS p${i}`, params: p.params }
      : {
          sql: `coalesce(sum(CASE WHEN ${p.sql} THEN 1 END), 0) AS n${i}, coalesce(sum(CASE WHEN ${p.sql} THEN y.won END), 0) AS w${i}`,
          params: [...p.params, ...p.params],
        },
  );
}

function unpack(rules: readonly Rule[], row: Record<string, number>, packed: boolean): MatchCounts {
  return {
    population: row.population!,
    won: row.won!,
    rules: rules.map((_, i) => {
      if (!packed) return { n: row[`n${i}`]!, won: row[`w${i}`]! };
      const p = row[`p${i}`]!;
      return { n: p % 2 ** LANE, won: Math.floor(p / 2 ** LANE) };
    }),
  };
}

/** lift_match's bit columns g0..g7 (migration 0021), BITS rules each. */
const MATCH_COLUMNS = 8;

/**
 * How lift_match is written for these rules (see lift-summary.repo's Matcher): each lift_mql row's
 * rules as bits, the predicates evaluated once per MQL over its masks and field copies. Built once
 * the touchpoint values are numbered; null for more rules than lift_match holds.
 */
function matcherFor(db: Db, rules: readonly Rule[]): Matcher | null {
  if (rules.length > MATCH_COLUMNS * BITS) return null;
  const test = new Map<Rule, string>();
  const ks = new Set<number>();
  for (const r of rules.filter((x) => x.kind === 'engagement')) {
    const t = touchTest(db, r);
    const bits = bitsOf(db, SUMMARY_COL[t.expr]!, t.values);
    for (const m of bits.keys()) ks.add(m);
    test.set(r, bits.size ? [...bits].map(([m, b]) => `(coalesce(y.k${m}, 0) & ${b}) <> 0`).join(' OR ') : '0');
  }
  const { fieldCols, formCols, preds } = rulePredicates(rules, test);
  const groups = Array.from({ length: Math.ceil(preds.length / BITS) }, (_, g) => {
    const chunk = preds.slice(g * BITS, (g + 1) * BITS);
    return {
      sql: chunk.map((p, b) => `(CASE WHEN ${p.sql} THEN ${2 ** b} ELSE 0 END)`).join(' + '),
      params: chunk.flatMap((p) => p.params),
    };
  });
  const cols = groups.map((_, g) => `, g${g}`).join('');
  // LIMIT -1 keeps x and y co-routines (not flattened), so each expression runs once per MQL.
  const sql = (scope: string) =>
    `INSERT OR REPLACE INTO lift_match (slot, lead_id, mql_at, no_lead${cols})
     SELECT ?, y.lead_id, y.mql_at, y.no_lead${groups.map((g) => `, ${g.sql}`).join('')}
     FROM (SELECT x.*${formCols.map((c) => `, ${c}`).join('')}
           FROM (SELECT l.lead_id, l.mql_at, l.no_lead${[...ks].map((m) => `, l.k${m} AS k${m}`).join('')}${fieldCols.map((c) => `, ${c.sql}`).join('')}
                 FROM lift_mql l WHERE ${scope} LIMIT -1) x
           LIMIT -1) y`;
  const params = [...groups.flatMap((g) => g.params), ...fieldCols.flatMap((c) => c.params)];
  return {
    key: JSON.stringify([sql(''), params]),
    write: (scope, slot) => void db.prepare(sql(scope)).run(slot, ...params),
  };
}

/**
 * One pass over the MQLs in the filter, counting matches and wins of every rule at once, from
 * lift_match (migration 0021, lift-summary.repo.ts): the rollup's MQLs joined to their row of rule
 * bits, written for these rules from the per-MQL summary lift_mql (its masks of the touchpoint
 * values touched up to the MQL, its copy of the lead's fields) when the summary or the rules
 * changed. A row missing or written for another MQL time (a stage event moved it) is counted as
 * stale: those are recomputed and the pass runs again. An MQL without a lead row (no_lead) is left
 * out, as the join to leads leaves it out. Where the summary cannot serve (a read-only connection,
 * more rules than lift_match holds, rules naming more touchpoint values than the masks hold, another
 * connection holding the write lock the upkeep needs), the counts come from the source tables.
 */
export function ruleMatchCounts(db: Db, f: ReportFilters, rules: readonly Rule[]): MatchCounts {
  if (rules.length > MATCH_COLUMNS * BITS || db.readonly) return ruleMatchCountsDirect(db, f, rules);
  // Rules naming more touchpoint values than the masks hold: from the source tables, before any lock.
  if (namedValues(db, rules).length > MASK_COLUMNS * BITS) return ruleMatchCountsDirect(db, f, rules);
  const matcher = () => matcherFor(db, rules);
  const w = rollupWhere(db, f, false);
  const preds = rules.map((_, i) => ({ sql: `(y.g${Math.floor(i / BITS)} & ${2 ** (i % BITS)}) <> 0`, params: [] as unknown[] }));
  const gs = Array.from({ length: Math.ceil(rules.length / BITS) }, (_, g) => `, m.g${g}`).join('');
  const run = (slot: number, packed: boolean) => {
    const sums = ruleSums(preds, packed);
    return db
      .prepare(
        `SELECT count(*) AS population, coalesce(sum(y.won), 0) AS won, coalesce(sum(y.stale), 0) AS stale${sums.map((c) => `, ${c.sql}`).join('')}
         FROM (SELECT (r.won_at IS NOT NULL) AS won, (1 + (r.won_at IS NOT NULL) * ${2 ** LANE}) AS wt, (m.mql_at IS NOT r.mql_at) AS stale${gs}
               FROM lead_rollup r LEFT JOIN lift_match m ON m.slot = ? AND m.lead_id = r.lead_id
               WHERE ${w.sql} AND r.mql_at IS NOT NULL AND (m.no_lead IS NOT 1 OR m.mql_at IS NOT r.mql_at) LIMIT -1) y`,
      )
      .get(slot, ...w.params) as Record<string, number>;
  };
  // Packed while the MQLs number under 2^LANE (one pass tells), else two sums per rule.
  const counts = (slot: number) => {
    const row = run(slot, true);
    return row.stale! > 0 || row.population! < 2 ** LANE ? row : run(slot, false);
  };
  // Nothing to fold in: the check and the pass read one snapshot, no write lock.
  const tryRead = () => {
    const slot = liftSummaryCurrent(db, namedValues(db, rules), matcher);
    return slot === null ? null : counts(slot);
  };
  const read = db.inTransaction ? tryRead() : db.transaction(tryRead).deferred();
  let row = read && !read.stale ? read : null;
  // Else the upkeep and the pass in one write transaction (a pass finding moved MQL times recomputes
  // those and passes again); another connection holding the write lock: from the source tables.
  row ??= writing(db, () => {
    const slot = refreshLiftSummary(db, namedValues(db, rules), matcher);
    if (slot === null) return null;
    let r = counts(slot);
    if (r.stale! > 0) {
      if (markStale(db, w.sql, w.params, slot, matcher) !== slot) throw new Error('lift summary slot changed in its refresh');
      r = counts(slot);
      if (r.stale! > 0) throw new Error('lift summary still stale after its refresh');
    }
    return r;
  });
  if (!row) return ruleMatchCountsDirect(db, f, rules);
  return unpack(rules, row, row.population! < 2 ** LANE);
}

/** The canonical touchpoint values the engagement rules name, once each (what lift_touch_bits must number). */
function namedValues(db: Db, rules: readonly Rule[]): TouchValue[] {
  const out = new Map<string, TouchValue>();
  for (const r of rules.filter((x) => x.kind === 'engagement')) {
    const t = touchTest(db, r);
    const col = SUMMARY_COL[t.expr]!;
    for (const value of t.values) out.set(`${col}\u0000${value}`, { col, value });
  }
  return [...out.values()];
}

/** The summary's name for a touchpoint column of touchTest. */
const SUMMARY_COL: Record<string, TouchCol> = { 't.type': 'type', 't.offer_id': 'offer_id', 't.campaign_id': 'campaign_id', 't.channel': 'channel' };

/**
 * ruleMatchCounts from the source tables, without the summary (for a read-only connection, and the
 * tests' oracle): the MQLs, in lead order, joined to their touchpoints up to the MQL
 * (touchpoints_lead) and grouped per lead as they come, OR the bits of the values they touched,
 * then joined to the lead's row for the fit and disqualifier fields.
 */
export function ruleMatchCountsDirect(db: Db, f: ReportFilters, rules: readonly Rule[]): MatchCounts {
  const w = rollupWhere(db, f, false);
  const engagement = rules.filter((r) => r.kind === 'engagement');
  const { masks, test } = touchMasks(db, engagement);
  const { fieldCols, formCols, preds } = rulePredicates(rules, test);
  const run = (packed: boolean) => {
    const sums = ruleSums(preds, packed);
    const row = db
      .prepare(
        // GROUP BY r.lead_id walks the rollup in key order, so each lead's touchpoints group as they
        // come (no sort). MATERIALIZED: the aggregate is computed once, not per reference.
        // LIMIT -1 keeps x and y co-routines (not flattened), so each expression runs once per MQL.
        `WITH mq AS MATERIALIZED (
           SELECT r.lead_id, (r.won_at IS NOT NULL) AS won${masks.map((m, c) => `, ${m.sql} AS k${c}`).join('')}
           FROM lead_rollup r${masks.length ? ' LEFT JOIN touchpoints t ON t.lead_id = r.lead_id AND t.occurred_at <= r.mql_at AND t.deleted = 0' : ''}
           WHERE ${w.sql} AND r.mql_at IS NOT NULL GROUP BY r.lead_id
         )
         SELECT count(*) AS population, coalesce(sum(y.won), 0) AS won${sums.map((c) => `, ${c.sql}`).join('')}
         FROM (SELECT x.*, (1 + x.won * ${2 ** LANE}) AS wt${formCols.map((c) => `, ${c}`).join('')}
               FROM (SELECT mq.*${fieldCols.map((c) => `, ${c.sql}`).join('')} FROM mq JOIN leads l ON l.id = mq.lead_id LIMIT -1) x
               LIMIT -1) y`,
      )
      .get(
        ...masks.flatMap((m) => m.params),
        ...w.params,
        ...sums.flatMap((c) => c.params),
        ...fieldCols.flatMap((c) => c.params),
      ) as Record<string, number>;
    return row;
  };
  let row = run(true);
  const packed = row.population! < 2 ** LANE;
  if (!packed) row = run(false);
  return unpack(rules, row, packed);
}

const CHANNEL_OF_LEAD = `coalesce((SELECT o.channel FROM offers o WHERE o.id = r.offer_id),
  (SELECT c.channel FROM campaigns c WHERE c.id = coalesce((SELECT o2.campaign_id FROM offers o2 WHERE o2.id = r.offer_id), r.campaign_id)))`;

/** The value and label expressions of a lift field (fixed SQL; an attribute key is a bound parameter). */
function fieldExpr(field: string): { value: string; label: string; params: unknown[] } {
  const col = (c: string) => ({ value: c, label: c, params: [] });
  switch (field) {
    case 'country':
      return col('l.country');
    case 'industry':
      return col('l.industry');
    case 'employees':
      return col('l.employees');
    case 'jobTitle':
      return col('l.job_title');
    case 'seniority':
      return col('l.seniority');
    case 'source':
      return col('l.source');
    case 'domain':
      return col('l.domain');
    case 'offer':
      return { value: 'r.offer_id', label: '(SELECT name FROM offers WHERE id = r.offer_id)', params: [] };
    case 'offerType':
      return col('(SELECT type FROM offers WHERE id = r.offer_id)');
    case 'campaign':
      return { value: 'r.campaign_id', label: '(SELECT name FROM campaigns WHERE id = r.campaign_id)', params: [] };
    case 'channel':
      return col(CHANNEL_OF_LEAD);
    case 'owner':
      return { value: 'r.owner_id', label: '(SELECT name FROM users WHERE id = r.owner_id)', params: [] };
    default: {
      if (!field.startsWith('attributes.')) throw new Error(`Not a lift field: ${field}`);
      const path = `$."${field.slice(11).replaceAll('"', '')}"`;
      return { value: 'json_extract(l.attributes, ?)', label: 'NULL', params: [path] };
    }
  }
}

export interface ValueCounts {
  value: string | number | null;
  label: string | null;
  n: number;
  won: number;
}

/** MQLs and wins per value of a field, the 100 most common values. */
export function valueCounts(db: Db, f: ReportFilters, field: string): ValueCounts[] {
  const w = rollupWhere(db, f, false);
  const e = fieldExpr(field);
  const labelIsValue = e.label === e.value || e.label === 'NULL';
  return db
    .prepare(
      `SELECT v AS value, ${labelIsValue ? 'NULL' : 'min(lbl)'} AS label, count(*) AS n, sum(won) AS won
       FROM (SELECT ${e.value} AS v, ${labelIsValue ? 'NULL' : e.label} AS lbl, (r.won_at IS NOT NULL) AS won
             FROM lead_rollup r JOIN leads l ON l.id = r.lead_id WHERE ${w.sql} AND r.mql_at IS NOT NULL)
       GROUP BY v ORDER BY n DESC, v LIMIT 100`,
    )
    .all(...e.params, ...w.params) as ValueCounts[];
}

export interface DecileRow {
  decile: number;
  n: number;
  won: number;
  minScore: number;
  maxScore: number;
  meanScore: number;
}

/**
 * Leads scored under the version in deciles of their score (ties broken by the score row's rowid).
 * Without lead-side filters the ranking reads only the version's score index (version_id, total,
 * rowid), never the wide score rows: one pass counts the scores per distinct total (delivered in
 * order by the index, no sort and no window over every row), the few won leads' score rows are
 * listed with their totals, and the deciles are cut from those counts as ntile(10) cuts them. A
 * total whose tie group straddles a cut is split at the rowid found by one short walk within the
 * group. With filters, the scored leads are joined to the rollup.
 */
export function calibrationDeciles(db: Db, f: ReportFilters, versionId: string): DecileRow[] {
  const unfiltered = !hasLeadFilter(f);
  if (unfiltered) return indexDeciles(db, versionId);
  const w = rollupWhere(db, f, false);
  return db
    .prepare(
      `WITH s AS (
         SELECT sc.total AS score, (r.won_at IS NOT NULL) AS won, sc.rowid AS rid
         FROM scores sc JOIN lead_rollup r ON r.lead_id = sc.lead_id
         WHERE sc.version_id = ? AND ${w.sql}
       ), d AS (SELECT score, won, ntile(10) OVER (ORDER BY score, rid) AS decile FROM s)
       SELECT decile, count(*) AS n, sum(won) AS won, min(score) AS minScore, max(score) AS maxScore, avg(score) AS meanScore
       FROM d GROUP BY decile ORDER BY decile`,
    )
    .all(versionId, ...w.params) as DecileRow[];
}

/**
 * Whether a filter narrows the leads (as opposed to the version, which the lift and calibration
 * reports analyse rather than filter by): the deciles and their lead count must agree on it.
 */
const hasLeadFilter = (f: ReportFilters): boolean => f.from !== undefined || f.to !== undefined || !!f.campaignId || !!f.channel || !!f.repId;

/** Live leads in the calibration's scope (its filters, not its version): what its scored leads are a share of. */
export function calibrationScope(db: Db, f: ReportFilters): number {
  const unfiltered = !hasLeadFilter(f);
  // All rows less the few deleted ones: a count of the smallest index and of a partial one, half the time of a walk over the live rows.
  if (unfiltered) return db.prepare(`SELECT (SELECT count(*) FROM lead_rollup) - (SELECT count(*) FROM lead_rollup WHERE deleted = 1)`).pluck().get() as number;
  const w = rollupWhere(db, f, false);
  return (db.prepare(`SELECT count(*) FROM lead_rollup r WHERE ${w.sql}`).pluck().get(...w.params) as number) ?? 0;
}

/** The unfiltered deciles from the score index alone (see calibrationDeciles). */
function indexDeciles(db: Db, versionId: string): DecileRow[] {
  // Deleted leads are few: their score rows by rowid, so the index pass needs no lead_id.
  const live =
    leadIsLive(db, 's.lead_id') === '1'
      ? '1'
      : `s.rowid NOT IN (SELECT s2.rowid FROM lead_rollup r INDEXED BY lead_rollup_deleted
           CROSS JOIN scores s2 ON s2.lead_id = r.lead_id AND s2.version_id = @v WHERE r.deleted = 1)`;
  const groups = db
    .prepare(`SELECT s.total, count(*) FROM scores s WHERE s.version_id = @v AND ${live} GROUP BY s.total ORDER BY s.total`)
    .raw()
    .all({ v: versionId }) as [number, number][];
  // scores_lead_total (migration 0017) holds the total: the unique (lead_id, version_id) index, which
  // SQLite would pick, holds only the rowid and costs a fetch of the wide score row per won lead.
  const wonRows = db
    .prepare(
      `SELECT DISTINCT s.total, s.rowid FROM outcomes o CROSS JOIN scores s INDEXED BY scores_lead_total ON s.lead_id = o.lead_id AND s.version_id = @v
       WHERE o.result = 'won' AND o.deleted = 0 AND ${live}`,
    )
    .raw()
    .all({ v: versionId }) as [number, number][];
  const wonOf = new Map<number, number[]>();
  for (const [total, rid] of wonRows) (wonOf.get(total) ?? wonOf.set(total, []).get(total)!).push(rid);
  // The rowid of the k-th (0-based) live score row with this total, in rowid order.
  const nth = db.prepare(`SELECT s.rowid FROM scores s WHERE s.version_id = @v AND s.total = @score AND ${live} ORDER BY s.rowid LIMIT 1 OFFSET @k`).pluck();

  const n = groups.reduce((sum, g) => sum + g[1], 0);
  // ntile(10): the first n % 10 deciles hold one row more than the rest.
  const size = (d: number) => Math.floor(n / 10) + (d < n % 10 ? 1 : 0);
  const rows: DecileRow[] = [];
  // The decile being filled: its rows so far, their wins and the sum of their scores.
  let acc = { n: 0, won: 0, sum: 0, min: 0, max: 0 };
  const take = (score: number, count: number, won: number) => {
    if (acc.n === 0) acc.min = score;
    acc = { n: acc.n + count, won: acc.won + won, sum: acc.sum + score * count, min: acc.min, max: score };
    if (acc.n === size(rows.length)) {
      rows.push({ decile: rows.length + 1, n: acc.n, won: acc.won, minScore: acc.min, maxScore: acc.max, meanScore: acc.sum / acc.n });
      acc = { n: 0, won: 0, sum: 0, min: 0, max: 0 };
    }
  };
  for (const [score, count] of groups) {
    const wonRids = wonOf.get(score) ?? [];
    let taken = 0;
    let wonTaken = 0;
    while (taken < count) {
      const room = size(rows.length) - acc.n;
      if (count - taken <= room) {
        take(score, count - taken, wonRids.length - wonTaken);
        break;
      }
      // The cut falls inside this tie group: the rows before the rowid at the cut go to this decile.
      const cut = nth.get({ v: versionId, score, k: taken + room }) as number;
      const before = wonRids.filter((rid) => rid < cut).length - wonTaken;
      take(score, room, before);
      taken += room;
      wonTaken += before;
    }
  }
  return rows;
}
