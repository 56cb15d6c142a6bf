import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../main/db/connection.js';
import { replayOf } from '../../main/db/import-bulk.repo.js';
import { expectedRollupRows, rollupRows } from '../../main/db/rollup.repo.js';
import type { BulkMode } from '../../main/services/import/bulk.js';
import type { ImportResult } from '../../shared/contracts/imports.js';
import { fileHash, importFile, mapping, writeFile } from '../helpers/import.js';
import { createTestDb, type TestDb } from '../helpers/test-db.js';

/**
 * The bulk path drops and rebuilds the leads' and the rollup's indexes ('on'); its variant
 * 'set-based-triggers' also does the lead rollup's and the sync outbox's per-row insert triggers once,
 * set-based, at the end of the import's transaction. Workspaces with the same history import the same
 * files row by row with every trigger firing ('off') and both bulk ways: the rollup, the outbox (row
 * by row, in order, ids mapped to the external ids they share) and the schema must agree.
 */

const LEADS = mapping('leads', [
  { column: 'id', target: 'externalId' },
  { column: 'email', target: 'email' },
  { column: 'name', target: 'name' },
  { column: 'company', target: 'company' },
  { column: 'owner', target: 'owner' },
  { column: 'offer', target: 'firstOffer' },
  { column: 'created', target: 'createdAt', transform: { dateFormat: 'iso' } },
]);
const TOUCH = mapping('touchpoints', [
  { column: 'lead', target: 'lead.externalId' },
  { column: 'type', target: 'type' },
  { column: 'offer', target: 'offer' },
  { column: 'at', target: 'occurredAt', transform: { dateFormat: 'iso' } },
  { column: 'value', target: 'value', transform: { type: 'number' } },
]);
const OUTCOMES = mapping('outcomes', [
  { column: 'opp', target: 'externalId' },
  { column: 'lead', target: 'lead.externalId' },
  { column: 'result', target: 'result' },
  { column: 'amount', target: 'amount', transform: { type: 'number' } },
  { column: 'closed', target: 'closedAt', transform: { dateFormat: 'iso' } },
]);

const day = (i: number) => `2024-0${1 + (i % 9)}-${String(1 + (i % 28)).padStart(2, '0')}T10:00Z`;
const csv = (header: string, rows: string[]) => [header, ...rows].join('\n') + '\n';
const seedLeads = csv(
  'id,email,name,company,owner,offer,created',
  Array.from({ length: 300 }, (_, i) => `E${i},e${i}@old.io,Old ${i},Old Co ${i % 7},,Webinar,${day(i)}`),
);
const seedOutcomes = csv(
  'opp,lead,result,amount,closed',
  Array.from({ length: 40 }, (_, i) => `O${i},E${i * 3},${i % 2 ? 'won' : 'lost'},${1000 + i},${day(i + 5)}`),
);
// 150 updates of seeded leads, 2,500 new leads (some with a new offer), one duplicate (rejected).
const bigLeads = csv('id,email,name,company,owner,offer,created', [
  ...Array.from({ length: 150 }, (_, i) => `E${i * 2},e${i * 2}@old.io,Renamed ${i},New Co,,,${day(i)}`),
  ...Array.from(
    { length: 2500 },
    (_, i) => `N${i},n${i}@new.io,New Lead ${i},Newco ${i % 11},,${i % 5 === 0 ? 'Pricing page' : ''},${day(i)}`,
  ),
  'N7,dup@new.io,Dup,Dup,,,2024-01-01T10:00Z',
]);
const touches = csv(
  'lead,type,offer,at,value',
  Array.from(
    { length: 3000 },
    (_, i) => `${i % 3 ? `N${i % 2500}` : `E${i % 300}`},page_view,Ebook ${i % 4},${day(i)},${i}`,
  ),
);

interface Run {
  t: TestDb;
  big: ImportResult;
  touch: ImportResult;
  startSeq: number;
  window: [number, number];
}

async function history(mode: BulkMode): Promise<Run> {
  const t = createTestDb();
  await importFile(t.db, writeFile(t.dir, 'seed.csv', seedLeads), LEADS, { bulk: 'off' });
  await importFile(t.db, writeFile(t.dir, 'opps.csv', seedOutcomes), OUTCOMES, { bulk: 'off' });
  const startSeq = t.db.prepare('SELECT coalesce(max(seq), 0) FROM sync_outbox').pluck().get() as number;
  const t0 = Date.now();
  const big = await importFile(t.db, writeFile(t.dir, 'big.csv', bigLeads), LEADS, { bulk: mode, onError: 'skip' });
  const touch = await importFile(t.db, writeFile(t.dir, 'touch.csv', touches), TOUCH, { bulk: mode });
  return { t, big, touch, startSeq, window: [t0, Date.now()] };
}

/** Every key people would compare, with the run's own ids and import times replaced by stable names. */
function normalisedOutbox(r: Run): { tbl: string; key: string; cols: Record<string, unknown> }[] {
  const db = r.t.db;
  const names = new Map<string, string>();
  for (const [id, ext] of db.prepare('SELECT id, external_id FROM leads').raw().all() as [string, string][])
    names.set(id, `lead:${ext}`);
  for (const [id, name] of db.prepare('SELECT id, name FROM offers').raw().all() as [string, string][])
    names.set(id, `offer:${name}`);
  for (const [id, lead, to] of db.prepare('SELECT id, lead_id, to_stage FROM stage_events').raw().all() as string[][])
    names.set(id!, `event:${names.get(lead!)}:${to}`);
  for (const [id, lead, at, type] of db
    .prepare('SELECT id, lead_id, occurred_at, type FROM touchpoints')
    .raw()
    .all() as string[][])
    names.set(id!, `touch:${names.get(lead!)}:${at}:${type}`);
  const times = new Set(db.prepare('SELECT started_at FROM imports').pluck().all() as number[]);
  const norm = (v: unknown) =>
    typeof v === 'string' && names.has(v) ? names.get(v) : typeof v === 'number' && times.has(v) ? 'IMPORT_TIME' : v;
  const rows = db
    .prepare('SELECT tbl, row_id, cols FROM sync_outbox WHERE seq > ? ORDER BY seq')
    .raw()
    .all(r.startSeq) as [string, string, string][];
  return rows.map(([tbl, id, cols]) => ({
    tbl,
    key: String(norm(id)),
    cols: Object.fromEntries(Object.entries(JSON.parse(cols) as object).map(([k, v]) => [k, norm(v)])),
  }));
}

/** Each row's own changes, in order: what the hub replays per row. */
function perRow(rows: ReturnType<typeof normalisedOutbox>): Map<string, unknown[]> {
  const m = new Map<string, unknown[]>();
  for (const r of rows) m.set(`${r.tbl}/${r.key}`, [...(m.get(`${r.tbl}/${r.key}`) ?? []), r.cols]);
  return m;
}

describe.each(['set-based-triggers', 'on'] as const)('bulk path %s: rollup and outbox as row by row', (mode) => {
  let rowByRow: Run;
  let bulk: Run;
  const schema = (db: Db) =>
    db.prepare(`SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY type, name`).all();

  beforeAll(async () => {
    rowByRow = await history('off');
    bulk = await history(mode);
  }, 120_000);
  afterAll(() => {
    rowByRow.t.cleanup();
    bulk.t.cleanup();
  });

  it('imports the same rows both ways', () => {
    expect(bulk.big.counts).toEqual(rowByRow.big.counts);
    expect(bulk.big.counts).toMatchObject({ inserted: 2500, updated: 150, rejected: 1 });
    expect(bulk.touch.counts).toEqual(rowByRow.touch.counts);
    expect(bulk.touch.counts.inserted).toBe(3000);
    // The touchpoints went in without foreign_keys (run.ts): their references hold all the same.
    for (const r of [bulk, rowByRow]) expect(r.t.db.pragma('foreign_key_check')).toEqual([]);
  });

  it('keeps the rollup exactly as the source tables say, and as the triggers left it', () => {
    expect(rollupRows(bulk.t.db)).toEqual(expectedRollupRows(bulk.t.db));
    const byExt = (r: Run) => {
      const ext = new Map(r.t.db.prepare('SELECT id, external_id FROM leads').raw().all() as [string, string][]);
      const offers = new Map(r.t.db.prepare('SELECT id, name FROM offers').raw().all() as [string, string][]);
      return rollupRows(r.t.db)
        .map(([id, ...rest]) => [ext.get(id as string), ...rest.map((v) => offers.get(v as string) ?? v)])
        .sort((a, b) => String(a[0]).localeCompare(String(b[0])));
    };
    expect(byExt(bulk)).toEqual(byExt(rowByRow));
    expect(byExt(bulk)).toHaveLength(2800);
  });

  it('writes the same outbox rows: each row the same changes in the same order, new rows in file order', () => {
    const a = normalisedOutbox(rowByRow);
    const b = normalisedOutbox(bulk);
    expect(b).toHaveLength(a.length);
    expect(perRow(b)).toEqual(perRow(a));
    const inserted = (rows: typeof a, tbl: string) =>
      rows.filter((r) => r.tbl === tbl && 'created_at' in r.cols).map((r) => r.key);
    for (const tbl of ['leads', 'touchpoints', 'stage_events']) expect(inserted(b, tbl)).toEqual(inserted(a, tbl));
    // A lead's outbox row comes before its stage event's, and an offer's before the first lead naming it.
    const seqOf = (rows: typeof a) => new Map(rows.map((r, i) => [`${r.tbl}/${r.key}`, i]));
    const s = seqOf(b);
    expect(s.get('leads/lead:N3')!).toBeLessThan(s.get('stage_events/event:lead:N3:lead')!);
    expect(s.get('offers/offer:Pricing page')!).toBeLessThan(s.get('leads/lead:N0')!);
  });

  it('dates the outbox rows inside the import', () => {
    const ats = bulk.t.db.prepare('SELECT at FROM sync_outbox WHERE seq > ?').pluck().all(bulk.startSeq) as number[];
    expect(Math.min(...ats)).toBeGreaterThanOrEqual(bulk.window[0]);
    expect(Math.max(...ats)).toBeLessThanOrEqual(bulk.window[1]);
    if (mode !== 'set-based-triggers') return;
    // One statement per table did them (SQLite's 'now' is fixed within a statement): the bulk path ran.
    const perTable = bulk.t.db
      .prepare(
        `SELECT tbl, count(DISTINCT at) FROM sync_outbox WHERE seq > ? AND tbl IN ('touchpoints', 'stage_events') GROUP BY tbl`,
      )
      .raw()
      .all(bulk.startSeq);
    expect(perTable).toEqual([
      ['stage_events', 1],
      ['touchpoints', 1],
    ]);
  });

  it('puts every trigger and index back, and they fire on the next write', () => {
    expect(schema(bulk.t.db)).toEqual(schema(rowByRow.t.db));
    const db = bulk.t.db;
    const before = db.prepare('SELECT count(*) FROM sync_outbox').pluck().get() as number;
    db.prepare(
      `INSERT INTO leads (id, external_id, name, created_at, updated_at) VALUES ('0190aaaa-0000-7000-8000-000000000001', 'AFTER', 'After', 1, 1)`,
    ).run();
    expect(db.prepare('SELECT count(*) FROM sync_outbox').pluck().get()).toBe(before + 1);
    expect(
      db
        .prepare(`SELECT count(*) FROM lead_rollup WHERE lead_id = '0190aaaa-0000-7000-8000-000000000001'`)
        .pluck()
        .get(),
    ).toBe(1);
    expect(db.prepare(`SELECT count(*) FROM leads_fts WHERE leads_fts MATCH 'After'`).pluck().get()).toBe(1);
  });

  it('an aborted bulk import leaves the file byte for byte as it was', async () => {
    const db = bulk.t.db;
    const before = fileHash(db, bulk.t.path);
    const bad = csv('id,email,name,company,owner,offer,created', [
      ...Array.from({ length: 500 }, (_, i) => `X${i},x${i}@new.io,X ${i},X,,,${day(i)}`),
      'X9999,x@new.io,Bad,Bad,,,not a date',
    ]);
    const r = await importFile(db, writeFile(bulk.t.dir, 'bad.csv', bad), LEADS, { bulk: mode });
    expect(r.status).toBe('aborted');
    expect(fileHash(db, bulk.t.path)).toBe(before);
  });
});

describe('replayOf: the set-based form of an outbox trigger', () => {
  it('turns INSERT … VALUES over new.* into INSERT … SELECT over the new rows, keeping the WHEN', () => {
    const sql = `CREATE TRIGGER sync_x_ai AFTER INSERT ON x WHEN (SELECT applying FROM sync_apply) = 0 BEGIN
      INSERT INTO sync_outbox (tbl, row_id, cols, at) VALUES ('x', new.id, json_object('a', new.a), 5);
    END`;
    expect(replayOf(sql, 'x')).toBe(
      `INSERT INTO sync_outbox (tbl, row_id, cols, at) SELECT 'x', n.id, json_object('a', n.a), 5 FROM x AS n WHERE n.rowid > ? AND ((SELECT applying FROM sync_apply) = 0) ORDER BY n.rowid`,
    );
  });

  it('leaves any other shape to fire row by row', () => {
    expect(replayOf(`CREATE TRIGGER t AFTER UPDATE ON x BEGIN INSERT INTO y (a) VALUES (new.a); END`, 'x')).toBeNull();
    expect(
      replayOf(`CREATE TRIGGER t AFTER INSERT ON x BEGIN INSERT INTO y (a) VALUES (new.a); DELETE FROM z; END`, 'x'),
    ).toBeNull();
    expect(
      replayOf(`CREATE TRIGGER t AFTER INSERT ON x BEGIN INSERT INTO y (a) VALUES (new.a); END`, 'other'),
    ).toBeNull();
  });
});
