import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { JobProgress } from '../../shared/contracts/events.js';
import type { ImportResult } from '../../shared/contracts/imports.js';
import { insertLead } from '../helpers/builders.js';
import { mapping, writeFile } from '../helpers/import.js';
import { rule, user, version } from '../helpers/report-builders.js';
import { rpcCaller } from '../helpers/rpc.js';
import { createTestDb, type TestDb } from '../helpers/test-db.js';

/** After an import commits (and after its undo), the leads it touched are scored under the live version. */

const LEADS = mapping('leads', [
  { column: 'id', target: 'externalId' },
  { column: 'name', target: 'name' },
  { column: 'country', target: 'country' },
]);
const TOUCHES = mapping('touchpoints', [
  { column: 'lead', target: 'lead.externalId' },
  { column: 'type', target: 'type' },
  { column: 'at', target: 'occurredAt', transform: { dateFormat: 'iso' } },
]);

describe('scoring after an import', () => {
  let t: TestDb;
  let call: ReturnType<typeof rpcCaller>;
  beforeEach(() => {
    t = createTestDb();
    call = rpcCaller(() => t.ctx);
    user(t.db, 'Rita Rep');
  });
  afterEach(() => t.cleanup());

  async function runImport(m: typeof LEADS, text: string): Promise<ImportResult> {
    const path = writeFile(t.dir, `${m.kind}.csv`, text);
    const { jobId } = await call<{ jobId: string }>('imports:start', { source: { path }, mapping: m, onError: 'abort' });
    for (let i = 0; i < 600; i++) {
      const job = (await call<JobProgress[]>('jobs:list', {})).find((j) => j.jobId === jobId)!;
      if (job.finished) {
        expect(job.phase).toBe('done');
        return (await call<ImportResult>('imports:result', { jobId }))!;
      }
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error('import did not finish');
  }
  const lead = (externalId: string) =>
    t.db
      .prepare('SELECT id, stage, score_total AS total, score_level AS level FROM leads WHERE external_id = ?')
      .get(externalId) as { id: string; stage: string; total: number; level: string | null };
  const handoffs = () =>
    t.db.prepare("SELECT l.external_id AS lead, h.version_id AS version, h.score_at_handoff AS score FROM handoffs h JOIN leads l ON l.id = h.lead_id ORDER BY 1").all();

  it('scores imported leads and touchpoints in place, hands off the new MQL, and scores again after an undo', async () => {
    const leads = await runImport(LEADS, 'id,name,country\nA1,Anna,NL\nB1,Bert,DE\n');
    // No version is live yet: nothing to score under, and the result says why.
    expect(leads.scoring).toEqual({ kind: 'none', reason: 'no-active-version' });
    expect(lead('A1')).toMatchObject({ total: 0, stage: 'lead' });

    const v = version(t.db, 3, 'active');
    rule(t.db, v, { kind: 'fit', label: 'Dutch', field: 'country', operator: 'equals', value: 'NL', points: 10 });
    rule(t.db, v, { kind: 'engagement', label: 'Demo', field: 'touchpoint.type', operator: 'equals', value: 'demo_request', points: 25 });
    const today = new Date().toISOString().slice(0, 10);
    const touches = await runImport(TOUCHES, `lead,type,at\nA1,demo_request,${today}\nB1,webinar,${today}\n`);
    expect(touches.scoring).toEqual({ kind: 'scored', versionNumber: 3, scored: 2, handoffsCreated: 1 });
    expect(lead('A1')).toMatchObject({ stage: 'mql', level: 'MQL' });
    expect(lead('A1').total).toBeCloseTo(35, 1);
    expect(lead('B1')).toMatchObject({ total: 0, stage: 'lead', level: null });
    expect(handoffs()).toEqual([{ lead: 'A1', version: v, score: expect.closeTo(35, 1) as unknown }]);
    expect(t.events.some((e) => e.event === 'data:changed' && (e.payload as { tables: string[] }).tables.includes('scores'))).toBe(true);

    // Undoing the touchpoints takes their points away again; the handoff already made stays.
    const history = await call<{ id: string; kind: string }[]>('imports:history', {});
    const undone = await call<{ deleted: number; scoring?: unknown }>('imports:undo', { id: history.find((h) => h.kind === 'touchpoints')!.id });
    expect(undone).toMatchObject({ deleted: 2, scoring: { kind: 'scored', versionNumber: 3, scored: 2, handoffsCreated: 0 } });
    expect(lead('A1')).toMatchObject({ total: 10, level: null });
    expect(handoffs()).toHaveLength(1);
  });

  it('starts a full rescore job when the import touches more leads than scoring each is worth', async () => {
    const v = version(t.db, 1, 'active');
    rule(t.db, v, { kind: 'engagement', label: 'Demo', field: 'touchpoint.type', operator: 'equals', value: 'demo_request', points: 40 });
    const n = 10_001;
    t.db.transaction(() => {
      for (let i = 0; i < n; i++) insertLead(t.db, { externalId: `L${i}`, name: `Lead ${i}` });
    })();
    const today = new Date().toISOString().slice(0, 10);
    const rows = Array.from({ length: n }, (_, i) => `L${i},demo_request,${today}`).join('\n');
    const r = await runImport(TOUCHES, `lead,type,at\n${rows}\n`);
    expect(r.scoring).toMatchObject({ kind: 'rescore', versionNumber: 1, jobId: expect.any(String) as unknown });
    const jobId = (r.scoring as { jobId: string }).jobId;
    for (let i = 0; i < 600; i++) {
      const job = (await call<JobProgress[]>('jobs:list', {})).find((j) => j.jobId === jobId)!;
      if (job.finished) {
        expect(job).toMatchObject({ kind: 'rescore', phase: 'done' });
        break;
      }
      await new Promise((res) => setTimeout(res, 50));
    }
    expect(t.db.prepare("SELECT count(*) FROM leads WHERE stage = 'mql'").pluck().get()).toBe(n);
  });

  it('refuses an undo while a rescore holds the workspace, with the reason, instead of timing out on the lock', async () => {
    const v = version(t.db, 1, 'active');
    await runImport(LEADS, 'id,name,country\nA1,Anna,NL\n');
    const [imported] = await call<{ id: string }[]>('imports:history', {});
    // Another connection holds the write lock, so the rescore job stays running while the undo is asked for.
    const other = new Database(t.path);
    other.exec('BEGIN IMMEDIATE');
    try {
      const { jobId } = await call<{ jobId: string }>('criteria:rescore', { id: v });
      const undo = await call('imports:undo', { id: imported!.id }).catch((e: Error) => e.message);
      expect(undo).toMatch(/A rescore is running: undo the import when it ends, or cancel it/);
      expect(t.db.prepare("SELECT status FROM imports WHERE id = ?").pluck().get(imported!.id)).toBe('done');
      await call('jobs:cancel', { jobId });
    } finally {
      other.exec('ROLLBACK');
      other.close();
    }
  });
});
