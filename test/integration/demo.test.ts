import { createHash } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openWorkspace, type Db } from '../../main/db/connection.js';
import { leadChunk, offerTypes, touchpointsInRange } from '../../main/db/scores.repo.js';
import { MODEL_TABLES } from '../../main/db/stats.repo.js';
import { get as getVersion } from '../../main/services/criteria.js';
import { generateDemo, type DemoTuning } from '../../main/services/demo/index.js';
import { list as listLeads } from '../../main/services/leads.js';
import { compileVersion, scoreCompiled } from '../../shared/domain/scoring.js';
import type { LeadCursor, LeadFilters } from '../../shared/contracts/leads.js';
import { isAppError } from '../../shared/errors.js';
import { createTestDb, type TestDb } from '../helpers/test-db.js';

const LEADS = 5000;
const SEED = 'demo-test';
const END = Date.UTC(2026, 10, 1);
const DAY = 86_400_000;
const UUID_V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

const hashTable = (db: Db, table: string): string => {
  const h = createHash('sha256');
  // Table names from the constant lists of this file only.
  for (const row of db.prepare(`SELECT rowid AS _rowid, * FROM ${table} ORDER BY rowid`).raw().iterate())
    h.update(JSON.stringify(row));
  return h.digest('hex');
};
const schemaOf = (db: Db) =>
  db.prepare(`SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY type, name`).all();
const countsOf = (db: Db) =>
  Object.fromEntries(
    MODEL_TABLES.map((t) => [t, (db.prepare(`SELECT count(*) AS n FROM ${t}`).get() as { n: number }).n]),
  );
const one = <T>(db: Db, sql: string, ...params: unknown[]): T => db.prepare(sql).get(...params) as T;
const num = (db: Db, sql: string, ...params: unknown[]): number =>
  Object.values(one<Record<string, number>>(db, sql, ...params))[0]!;

async function generated(seed: string, tuning: Partial<DemoTuning> = {}): Promise<TestDb> {
  const t = createTestDb();
  await generateDemo(t.db, { leads: LEADS, seed, endDate: END }, tuning);
  return t;
}

describe('generateDemo', () => {
  let a: TestDb;
  let b: TestDb;
  let other: TestDb;
  let twoThreads: TestDb;
  let fresh: TestDb;

  beforeAll(async () => {
    a = await generated(SEED);
    b = await generated(SEED);
    other = await generated('another seed');
    twoThreads = await generated(SEED, { parallel: true });
    fresh = createTestDb();
  }, 120_000);
  afterAll(() => {
    for (const t of [a, b, other, twoThreads, fresh]) t?.cleanup();
  });

  it('is deterministic: the same seed gives identical rows (ids included), in one thread or two; another seed differs', () => {
    for (const table of [
      'leads',
      'touchpoints',
      'handoffs',
      'stage_events',
      'outcomes',
      'scores',
      'users',
      'criteria_rules',
      'approvals',
      'audit',
    ]) {
      expect(hashTable(b.db, table), table).toBe(hashTable(a.db, table));
      expect(hashTable(twoThreads.db, table), `${table} (worker thread)`).toBe(hashTable(a.db, table));
    }
    for (const table of ['leads', 'handoffs', 'outcomes'])
      expect(hashTable(other.db, table)).not.toBe(hashTable(a.db, table));
    expect(one(a.db, `SELECT value FROM meta WHERE key = 'demo_seed'`)).toEqual({ value: SEED });
  });

  it('leaves the schema exactly as the migrations made it, with consistent data', () => {
    for (const t of [a, twoThreads]) {
      expect(schemaOf(t.db)).toEqual(schemaOf(fresh.db));
      expect(t.db.pragma('foreign_key_check')).toEqual([]);
      expect(t.db.pragma('integrity_check', { simple: true })).toBe('ok');
      expect(t.db.pragma('journal_mode', { simple: true })).toBe('wal');
      expect(t.db.pragma('foreign_keys', { simple: true })).toBe(1);
      // The FTS index rebuilt in bulk matches its content table.
      expect(() => t.db.exec(`INSERT INTO leads_fts(leads_fts, rank) VALUES ('integrity-check', 1)`)).not.toThrow();
    }
    expect(readdirSync(twoThreads.dir).filter((f) => f.includes('.demo-'))).toEqual([]);
  });

  it('fills every table of the model except the review ones', () => {
    const counts = countsOf(a.db);
    for (const table of MODEL_TABLES) {
      if (table === 'reviews' || table === 'review_proposals') continue;
      expect(counts[table], table).toBeGreaterThan(0);
    }
    expect(counts.leads).toBe(LEADS);
    expect(counts.rejection_reasons).toBe(13);
    expect(counts.touchpoints! / LEADS).toBeGreaterThan(4.7);
    expect(counts.touchpoints! / LEADS).toBeLessThan(5.3);
  });

  it('has the team, the workspace settings and every offer type', () => {
    const users = a.db
      .prepare(`SELECT team, role, count(*) AS n FROM users GROUP BY team, role ORDER BY team, role`)
      .all();
    expect(users).toEqual([
      { team: 'marketing', role: 'member', n: 1 },
      { team: 'marketing', role: 'owner', n: 1 },
      { team: 'ops', role: 'member', n: 1 },
      { team: 'sales', role: 'member', n: 6 },
      { team: 'sales', role: 'owner', n: 1 },
    ]);
    const me = one<{ value: string }>(a.db, `SELECT value FROM meta WHERE key = 'current_user_id'`).value;
    expect(one(a.db, `SELECT team, role FROM users WHERE id = ?`, me)).toEqual({ team: 'marketing', role: 'owner' });
    expect(one(a.db, `SELECT value FROM meta WHERE key = 'time_zone'`)).toEqual({ value: 'Europe/Amsterdam' });
    const types = (a.db.prepare(`SELECT DISTINCT type FROM offers ORDER BY type`).all() as { type: string }[]).map(
      (r) => r.type,
    );
    expect(types).toEqual([
      'ad',
      'demo_request',
      'ebook',
      'free_trial',
      'landing_page',
      'newsletter',
      'pricing_page',
      'webinar',
    ]);
    expect(num(a.db, `SELECT count(DISTINCT channel) FROM campaigns`)).toBeGreaterThanOrEqual(6);
    expect(num(a.db, `SELECT count(*) FROM offers WHERE campaign_id IS NULL OR cost IS NULL`)).toBe(0);
  });

  it('has one retired and one active version, each approved by marketing and sales, with audit rows', () => {
    const versions = a.db
      .prepare(
        `SELECT id, number, status, effective_from, effective_to, levels, sla_hours FROM criteria_versions ORDER BY number`,
      )
      .all() as {
      id: string;
      number: number;
      status: string;
      effective_from: number;
      effective_to: number | null;
      levels: string;
      sla_hours: number;
    }[];
    expect(versions.map((v) => [v.number, v.status])).toEqual([
      [1, 'retired'],
      [2, 'active'],
    ]);
    expect(versions[0]!.effective_to).toBe(versions[1]!.effective_from);
    expect(versions[1]!.effective_to).toBeNull();
    for (const v of versions) {
      expect(JSON.parse(v.levels)).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ name: 'MQL-A' }),
          expect.objectContaining({ name: 'MQL-B' }),
        ]),
      );
      const approvals = a.db
        .prepare(`SELECT team, decision FROM approvals WHERE version_id = ? ORDER BY team`)
        .all(v.id);
      expect(approvals).toEqual([
        { team: 'marketing', decision: 'approve' },
        { team: 'sales', decision: 'approve' },
      ]);
      expect(num(a.db, `SELECT count(*) FROM criteria_rules WHERE version_id = ?`, v.id)).toBeGreaterThanOrEqual(10);
      expect(num(a.db, `SELECT count(*) FROM audit WHERE entity_id = ? AND action = 'activate'`, v.id)).toBe(1);
    }
    expect(num(a.db, `SELECT count(DISTINCT kind) FROM criteria_rules`)).toBe(4);
  });

  it('makes valid, time-ordered UUIDv7 ids from the simulated time', () => {
    const rows = a.db.prepare(`SELECT id, created_at FROM leads ORDER BY rowid`).all() as {
      id: string;
      created_at: number;
    }[];
    for (const r of rows) {
      expect(r.id).toMatch(UUID_V7);
      expect(parseInt(r.id.slice(0, 8) + r.id.slice(9, 13), 16)).toBe(r.created_at);
    }
    const touch = a.db.prepare(`SELECT id, occurred_at FROM touchpoints ORDER BY rowid LIMIT 2000`).all() as {
      id: string;
      occurred_at: number;
    }[];
    for (const t of touch) expect(parseInt(t.id.slice(0, 8) + t.id.slice(9, 13), 16)).toBe(t.occurred_at);
    expect(
      num(
        a.db,
        `SELECT count(*) FROM touchpoints t JOIN leads l ON l.id = t.lead_id WHERE t.occurred_at < l.created_at OR t.occurred_at >= ?`,
        END,
      ),
    ).toBe(0);
    expect(num(a.db, `SELECT min(created_at) FROM leads`)).toBeGreaterThanOrEqual(END - 366 * DAY);
    expect(num(a.db, `SELECT max(created_at) FROM leads`)).toBeLessThan(END);
  });

  it('has funnel rates in the PRODUCT.md waterfall ranges', () => {
    const inquiryToMql = num(a.db, `SELECT count(DISTINCT lead_id) * 1.0 / (SELECT count(*) FROM leads) FROM handoffs`);
    const mqlToSal = num(a.db, `SELECT sum(decision = 'accepted') * 1.0 / sum(decision <> 'pending') FROM handoffs`);
    // SALs old enough for their outcome to be known.
    const salToSql = num(
      a.db,
      `SELECT avg(EXISTS (SELECT 1 FROM stage_events q WHERE q.lead_id = s.lead_id AND q.to_stage = 'sql'))
       FROM stage_events s WHERE s.to_stage = 'sal' AND s.at < ?`,
      END - 60 * DAY,
    );
    const sqlToWon = num(a.db, `SELECT sum(result = 'won') * 1.0 / sum(result IN ('won', 'lost')) FROM outcomes`);
    // In range up to sampling error: a 5k demo closes ~300 deals, whose win rate varies by +-3
    // points from seed to seed (0.25-0.33 over four seeds), so each rate may miss its range by two
    // standard errors of its own sample, no more.
    const slack = (p: number, n: number) => 2 * Math.sqrt((p * (1 - p)) / n);
    const closed = num(a.db, `SELECT count(*) FROM outcomes WHERE result IN ('won', 'lost')`);
    const decided = num(a.db, `SELECT count(*) FROM handoffs WHERE decision <> 'pending'`);
    const leads = num(a.db, `SELECT count(*) FROM leads`);
    const sals = num(a.db, `SELECT count(*) FROM stage_events WHERE to_stage = 'sal' AND at < ?`, END - 60 * DAY);
    const within = (x: number, lo: number, hi: number, n: number) => {
      expect(x).toBeGreaterThanOrEqual(lo - slack(x, n));
      expect(x).toBeLessThanOrEqual(hi + slack(x, n));
    };
    within(inquiryToMql, 0.1, 0.25, leads);
    within(mqlToSal, 0.4, 0.6, decided);
    within(salToSql, 0.5, 0.7, sals);
    within(sqlToWon, 0.2, 0.3, closed);
  });

  it('tells the story: webinar MQLs rejected for no authority, demo requests won more than ebooks', () => {
    const noAuthorityShare = (type: string) =>
      num(
        a.db,
        `SELECT avg(r.code = 'no_authority') FROM handoffs h
         JOIN leads l ON l.id = h.lead_id JOIN offers o ON o.id = l.first_offer_id JOIN rejection_reasons r ON r.id = h.reason_id
         WHERE h.decision = 'rejected' AND o.type = ?`,
        type,
      );
    const winRate = (type: string) =>
      num(
        a.db,
        `SELECT sum(x.result = 'won') * 1.0 / count(*) FROM outcomes x
         JOIN leads l ON l.id = x.lead_id JOIN offers o ON o.id = l.first_offer_id
         WHERE x.result IN ('won', 'lost') AND o.type = ?`,
        type,
      );
    expect(noAuthorityShare('webinar')).toBeGreaterThan(noAuthorityShare('demo_request'));
    expect(winRate('demo_request')).toBeGreaterThan(winRate('ebook'));
    const accept = (type: string) =>
      num(
        a.db,
        `SELECT avg(h.decision = 'accepted') FROM handoffs h JOIN leads l ON l.id = h.lead_id JOIN offers o ON o.id = l.first_offer_id
         WHERE h.decision <> 'pending' AND o.type = ?`,
        type,
      );
    expect(accept('demo_request')).toBeGreaterThan(accept('webinar'));
    // Recent handoffs are mostly still waiting for a decision.
    expect(
      num(a.db, `SELECT avg(decision = 'pending') FROM handoffs WHERE handed_at >= ?`, END - 7 * DAY),
    ).toBeGreaterThan(0.6);
    expect(
      num(a.db, `SELECT avg(decision = 'pending') FROM handoffs WHERE handed_at < ?`, END - 30 * DAY),
    ).toBeLessThan(0.1);
  });

  it('keeps handoffs, stage events and leads consistent', () => {
    // Every handoff has its MQL event; its version was the active one then; the SLA clock uses that version.
    expect(
      num(
        a.db,
        `SELECT count(*) FROM handoffs h WHERE NOT EXISTS (SELECT 1 FROM stage_events e WHERE e.handoff_id = h.id AND e.to_stage = 'mql')`,
      ),
    ).toBe(0);
    expect(
      num(
        a.db,
        `SELECT count(*) FROM handoffs h JOIN criteria_versions v ON v.id = h.version_id
         WHERE h.handed_at < v.effective_from OR (v.effective_to IS NOT NULL AND h.handed_at >= v.effective_to)
            OR h.sla_due_at <> h.handed_at + v.sla_hours * 3600000`,
      ),
    ).toBe(0);
    expect(num(a.db, `SELECT count(*) FROM handoffs WHERE (decision = 'pending') <> (decided_at IS NULL)`)).toBe(0);
    expect(
      num(a.db, `SELECT count(*) FROM handoffs WHERE decision = 'rejected' AND (reason_id IS NULL OR action IS NULL)`),
    ).toBe(0);
    expect(
      num(
        a.db,
        `SELECT count(*) FROM handoffs h JOIN rejection_reasons r ON r.id = h.reason_id WHERE r.reopen_kind IS NOT NULL AND h.reopen_at IS NULL`,
      ),
    ).toBe(0);
    expect(
      num(a.db, `SELECT count(*) FROM handoffs h JOIN leads l ON l.id = h.lead_id WHERE l.owner_id IS NOT h.rep_id`),
    ).toBe(0);
    // The lead's stage is its last stage event; events chain from one stage to the next; no lead moves without an event.
    expect(
      num(
        a.db,
        `SELECT count(*) FROM leads l WHERE l.stage <> coalesce(
           (SELECT e.to_stage FROM stage_events e WHERE e.lead_id = l.id ORDER BY e.at DESC, e.id DESC LIMIT 1), 'lead')`,
      ),
    ).toBe(0);
    expect(
      num(
        a.db,
        `SELECT count(*) FROM (
           SELECT from_stage, lag(to_stage, 1, 'lead') OVER (PARTITION BY lead_id ORDER BY at, id) AS previous FROM stage_events)
         WHERE from_stage IS NOT previous`,
      ),
    ).toBe(0);
    expect(
      num(
        a.db,
        `SELECT count(*) FROM outcomes x WHERE NOT EXISTS (SELECT 1 FROM stage_events e WHERE e.lead_id = x.lead_id AND e.to_stage = 'opportunity')`,
      ),
    ).toBe(0);
    expect(num(a.db, `SELECT count(*) FROM outcomes WHERE result = 'lost' AND loss_reason_id IS NULL`)).toBe(0);
    expect(num(a.db, `SELECT count(*) FROM outcomes WHERE currency NOT IN ('USD', 'EUR') OR amount <= 0`)).toBe(0);
  });

  it('stores scores that the app scorer reproduces for every lead', () => {
    const active = one<{ id: string }>(a.db, `SELECT id FROM criteria_versions WHERE status = 'active'`);
    const version = compileVersion(getVersion(a.db, active.id));
    const types = offerTypes(a.db);
    const stored = new Map(
      (
        a.db.prepare(`SELECT id, score_total, score_level FROM leads`).all() as {
          id: string;
          score_total: number;
          score_level: string | null;
        }[]
      ).map((r) => [r.id, r]),
    );
    let after = '';
    let checked = 0;
    for (;;) {
      const leads = leadChunk(a.db, after, 1000);
      if (leads.length === 0) break;
      const touches = touchpointsInRange(a.db, leads[0]!.id, leads[leads.length - 1]!.id, types);
      for (const l of leads) {
        const s = scoreCompiled(version, l.lead, touches.get(l.id) ?? [], END);
        const mine = stored.get(l.id)!;
        expect([mine.score_total, mine.score_level], l.id).toEqual([s.total, s.level]);
        checked++;
      }
      after = leads[leads.length - 1]!.id;
    }
    expect(checked).toBe(LEADS);
    // Handed-off leads carry a scores row with the explanation, equal to the lead's current score.
    expect(
      num(
        a.db,
        `SELECT count(*) FROM handoffs h WHERE NOT EXISTS (SELECT 1 FROM scores s WHERE s.lead_id = h.lead_id AND s.version_id = ?)`,
        active.id,
      ),
    ).toBe(0);
    expect(
      num(
        a.db,
        `SELECT count(*) FROM scores s JOIN leads l ON l.id = s.lead_id WHERE s.total <> l.score_total OR s.level IS NOT l.score_level`,
      ),
    ).toBe(0);
    const explained = JSON.parse(
      one<{ contributions: string }>(a.db, `SELECT contributions FROM scores LIMIT 1`).contributions,
    ) as { ruleId: string; points: number }[];
    expect(explained.length).toBeGreaterThan(0);
    expect(num(a.db, `SELECT count(*) FROM criteria_rules WHERE id = ?`, explained[0]!.ruleId)).toBe(1);
  });

  it('has realistic lead attributes', () => {
    expect(num(a.db, `SELECT count(DISTINCT email) FROM leads`)).toBe(LEADS);
    expect(num(a.db, `SELECT count(*) FROM leads WHERE email <> lower(email) OR email NOT LIKE '%@' || domain`)).toBe(
      0,
    );
    expect(
      num(a.db, `SELECT count(*) FROM leads WHERE external_id NOT GLOB 'HS-[0-9][0-9][0-9][0-9][0-9][0-9]*'`),
    ).toBe(0);
    expect(num(a.db, `SELECT count(DISTINCT country) FROM leads`)).toBeGreaterThanOrEqual(6);
    expect(num(a.db, `SELECT count(*) FROM leads WHERE json_extract(attributes, '$.tech_stack') IS NULL`)).toBe(0);
    expect(
      num(
        a.db,
        `SELECT count(*) FROM leads WHERE first_offer_id IS NULL OR first_campaign_id IS NULL OR seniority IS NULL`,
      ),
    ).toBe(0);
    expect(
      num(
        a.db,
        `SELECT count(*) FROM leads WHERE (owner_id IS NOT NULL) <> EXISTS (SELECT 1 FROM handoffs h WHERE h.lead_id = leads.id)`,
      ),
    ).toBe(0);
    const sizes = a.db.prepare(`SELECT employees FROM leads ORDER BY employees`).all() as { employees: number }[];
    expect(sizes[Math.floor(LEADS / 2)]!.employees).toBeGreaterThan(30);
    expect(sizes[Math.floor(LEADS * 0.95)]!.employees).toBeGreaterThan(1000);
  });

  it('finds a lead by a word prefix of its company through the leads list', () => {
    const lead = one<{ id: string; company: string; name: string }>(
      a.db,
      `SELECT id, company, name FROM leads ORDER BY rowid LIMIT 1 OFFSET 1234`,
    );
    const prefix = lead.company.split(' ')[0]!.slice(0, 4).toLowerCase();
    const page = listLeads(a.db, {
      sort: { column: 'createdAt', dir: 'desc' },
      filters: { q: `${prefix} ${lead.name.split(' ').pop()}` },
      cursor: null,
      limit: 500,
    });
    expect(page.rows.map((r) => r.id)).toContain(lead.id);
    for (const r of page.rows) expect(r.company.toLowerCase()).toContain(prefix);
  });

  it('refuses to fill a workspace that already has leads', async () => {
    const before = countsOf(a.db);
    const err = await generateDemo(a.db, { leads: 10, seed: 1, endDate: END }).catch((e: unknown) => e);
    expect(isAppError(err) && err.kind).toBe('conflict');
    expect(countsOf(a.db)).toEqual(before);
  });
});

describe('generateDemo next to another connection', () => {
  it('stays in WAL when it cannot have the file to itself, without waiting, and the other reader sees nothing until commit', async () => {
    const t = createTestDb();
    const reader = openWorkspace(t.path);
    try {
      expect(num(reader, `SELECT count(*) FROM leads`)).toBe(0);
      // Leaving WAL with another connection open must not wait out busy_timeout: the switch is tried
      // with a zero timeout (a timing assertion here would only measure the machine's load).
      const pragmas: string[] = [];
      const pragma = t.db.pragma.bind(t.db);
      t.db.pragma = ((source: string, options?: { simple?: boolean }) => {
        pragmas.push(source);
        return pragma(source, options);
      }) as typeof t.db.pragma;
      let seenMidway = -1;
      await generateDemo(
        t.db,
        {
          leads: 2000,
          seed: SEED,
          endDate: END,
          onProgress: (done, total, phase) =>
            void (
              phase === 'leads' &&
              done >= total / 2 &&
              seenMidway < 0 &&
              (seenMidway = num(reader, `SELECT count(*) FROM leads`))
            ),
        },
        { parallel: true },
      );
      const toDelete = pragmas.indexOf('journal_mode = DELETE');
      expect(toDelete).toBeGreaterThan(0);
      expect(pragmas[toDelete - 1]).toBe('busy_timeout = 0');
      expect(seenMidway).toBe(0);
      expect(num(reader, `SELECT count(*) FROM leads`)).toBe(2000);
      expect(t.db.pragma('journal_mode', { simple: true })).toBe('wal');
    } finally {
      reader.close();
      t.cleanup();
    }
  });
});

describe('generateDemo cancelled half-way', () => {
  for (const parallel of [false, true]) {
    it(`leaves the workspace exactly as it was (${parallel ? 'worker thread' : 'one thread'})`, async () => {
      const t = createTestDb();
      try {
        const schema = schemaOf(t.db);
        const meta = t.db.prepare(`SELECT * FROM meta ORDER BY key`).all();
        // A new workspace already holds the default reason taxonomies (migration 0005).
        const counts = countsOf(t.db);
        const ac = new AbortController();
        const phases = new Set<string>();
        const err = await generateDemo(
          t.db,
          {
            leads: LEADS,
            seed: SEED,
            endDate: END,
            signal: ac.signal,
            onProgress: (done, total, phase) => {
              phases.add(phase);
              if (phase === 'leads' && done >= total / 2) ac.abort();
            },
          },
          { parallel },
        ).catch((e: unknown) => e);
        expect((err as Error).name).toBe('AbortError');
        expect(phases.has('leads')).toBe(true);
        expect(countsOf(t.db)).toEqual(counts);
        expect(counts.leads).toBe(0);
        expect(t.db.prepare(`SELECT * FROM meta ORDER BY key`).all()).toEqual(meta);
        expect(schemaOf(t.db)).toEqual(schema);
        expect(t.db.pragma('journal_mode', { simple: true })).toBe('wal');
        expect(t.db.pragma('foreign_keys', { simple: true })).toBe(1);
        expect(t.db.inTransaction).toBe(false);
        expect(readdirSync(t.dir).filter((f) => f.includes('.demo-'))).toEqual([]);
        // And the workspace still takes a demo afterwards.
        await generateDemo(t.db, { leads: 200, seed: SEED, endDate: END });
        expect(num(t.db, `SELECT count(*) FROM leads`)).toBe(200);
      } finally {
        t.cleanup();
      }
    });
  }
});

describe('leads list on a demo workspace', () => {
  let t: TestDb;
  beforeAll(async () => {
    t = createTestDb();
    await generateDemo(t.db, { leads: 30_000, seed: 'list', endDate: END });
  }, 120_000);
  afterAll(() => t?.cleanup());

  // The list picks a plan per query (collect-and-sort, search-driven, or walk the sort index); each must
  // return exactly what the plain query returns. With 30k leads, 'lead' and the search "ma" pass the
  // 10k-match threshold where the walk is used; the others stay below it.
  const cases: {
    filters: LeadFilters;
    column: 'createdAt' | 'name' | 'score';
    dir: 'asc' | 'desc';
    where: string;
    params: unknown[];
  }[] = [
    { filters: {}, column: 'createdAt', dir: 'desc', where: '1', params: [] },
    { filters: { country: 'DE' }, column: 'createdAt', dir: 'desc', where: `country = 'DE'`, params: [] },
    { filters: { stages: ['lead'] }, column: 'createdAt', dir: 'desc', where: `stage = 'lead'`, params: [] },
    {
      filters: { stages: ['lead', 'recycled'] },
      column: 'name',
      dir: 'asc',
      where: `stage IN ('lead', 'recycled')`,
      params: [],
    },
    { filters: { stages: ['won'] }, column: 'score', dir: 'desc', where: `stage = 'won'`, params: [] },
    {
      filters: { q: 'ma' },
      column: 'createdAt',
      dir: 'desc',
      where: `rowid IN (SELECT rowid FROM leads_fts WHERE leads_fts MATCH '"ma"*')`,
      params: [],
    },
    {
      filters: { q: 'ma', country: 'NL' },
      column: 'name',
      dir: 'asc',
      where: `country = 'NL' AND rowid IN (SELECT rowid FROM leads_fts WHERE leads_fts MATCH '"ma"*')`,
      params: [],
    },
    {
      filters: { q: 'ma', stages: ['lead'] },
      column: 'createdAt',
      dir: 'asc',
      where: `stage = 'lead' AND rowid IN (SELECT rowid FROM leads_fts WHERE leads_fts MATCH '"ma"*')`,
      params: [],
    },
    {
      filters: { q: 'nord' },
      column: 'score',
      dir: 'desc',
      where: `rowid IN (SELECT rowid FROM leads_fts WHERE leads_fts MATCH '"nord"*')`,
      params: [],
    },
    {
      filters: { country: 'NL', createdFrom: END - 90 * DAY },
      column: 'name',
      dir: 'asc',
      where: `country = 'NL' AND created_at >= ${END - 90 * DAY}`,
      params: [],
    },
    // Walks of one country's leads in date order (the (country, created_at, id) index), with and without a search.
    {
      filters: { q: 'ma', country: 'NL' },
      column: 'createdAt',
      dir: 'desc',
      where: `country = 'NL' AND rowid IN (SELECT rowid FROM leads_fts WHERE leads_fts MATCH '"ma"*')`,
      params: [],
    },
    {
      filters: { country: 'NL', stages: ['lead'], createdTo: END - 30 * DAY },
      column: 'createdAt',
      dir: 'asc',
      where: `country = 'NL' AND stage = 'lead' AND created_at < ${END - 30 * DAY}`,
      params: [],
    },
  ];
  const SQL_COLUMN = { createdAt: 'created_at', name: 'name', score: 'score_total' } as const;

  for (const c of cases) {
    it(`returns the plain query's rows for ${JSON.stringify(c.filters)} by ${c.column} ${c.dir}`, () => {
      const dir = c.dir.toUpperCase();
      const want = (
        t.db
          .prepare(
            `SELECT id FROM leads WHERE deleted = 0 AND ${c.where} ORDER BY ${SQL_COLUMN[c.column]} ${dir}, id ${dir} LIMIT 250`,
          )
          .all(...c.params) as { id: string }[]
      ).map((r) => r.id);
      const got: string[] = [];
      let cursor: LeadCursor | null = null;
      for (let page = 0; page < 5 && got.length < 250; page++) {
        const res = listLeads(t.db, { sort: { column: c.column, dir: c.dir }, filters: c.filters, cursor, limit: 50 });
        got.push(...res.rows.map((r) => r.id));
        cursor = res.nextCursor;
        if (!cursor) break;
      }
      expect(want.length).toBeGreaterThan(0);
      expect(got).toEqual(want);
    });
  }

  it('has filters on both sides of the threshold', () => {
    expect(num(t.db, `SELECT count(*) FROM leads WHERE stage = 'lead'`)).toBeGreaterThan(10_000);
    expect(num(t.db, `SELECT count(*) FROM leads_fts WHERE leads_fts MATCH '"ma"*'`)).toBeGreaterThan(10_000);
    expect(num(t.db, `SELECT count(*) FROM leads WHERE country = 'DE'`)).toBeLessThan(10_000);
  });
});
