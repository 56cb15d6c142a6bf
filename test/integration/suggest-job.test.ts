import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { jobsFor } from '../../main/jobs/runner.js';
import * as criteriaService from '../../main/services/criteria.js';
import { runSuggest, SuggestCancelled } from '../../main/services/suggest.js';
import { SuggestParamsSchema, type SuggestStatus } from '../../shared/contracts/suggest.js';
import type { JobProgress } from '../../shared/contracts/events.js';
import { dump } from '../helpers/import.js';
import { day, lead, outcome, touch } from '../helpers/report-builders.js';
import { rpcCaller } from '../helpers/rpc.js';
import { createTestDb, type TestDb } from '../helpers/test-db.js';

const DAY = 86_400_000;
const T0 = day(2026, 1, 1);

/** 400 leads over a year: Dutch leads and those who asked for a demo win far more often. */
function history(t: TestDb) {
  let x = 7;
  const rnd = () => ((x = (x * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  for (let i = 0; i < 400; i++) {
    const nl = rnd() < 0.4;
    const demo = rnd() < 0.3;
    const id = lead(t.db, { country: nl ? 'NL' : 'DE', industry: rnd() < 0.5 ? 'Software' : 'Retail', createdAt: T0 + i * DAY });
    if (demo) touch(t.db, id, null, T0 + i * DAY + DAY, 'demo_request');
    const p = 0.15 + (nl ? 0.3 : 0) + (demo ? 0.3 : 0);
    outcome(t.db, { leadId: id, result: rnd() < p ? 'won' : 'lost', closedAt: T0 + (i + 20) * DAY });
  }
}

describe('suggested points as a job', () => {
  let t: TestDb;
  beforeEach(() => {
    t = createTestDb();
    history(t);
  });
  afterEach(() => t.cleanup());

  const call = rpcCaller(() => t.ctx);
  const until = async (jobId: string): Promise<SuggestStatus> => {
    let s = await call<SuggestStatus>('suggest:result', { jobId });
    for (let i = 0; i < 600 && s.state === 'running'; i++) {
      await new Promise((r) => setTimeout(r, 50));
      s = await call<SuggestStatus>('suggest:result', { jobId });
    }
    return s;
  };
  const progressOf = (jobId: string) =>
    t.events.filter((e) => e.event === 'job:progress').map((e) => e.payload as JobProgress).filter((p) => p.jobId === jobId);

  it('runs in a worker with reading, fitting and levels progress, returns the same suggestion as the service, writes nothing, and drafts from its result', async () => {
    const before = dump(t.db);
    const { jobId } = await call<{ jobId: string }>('suggest:start', { outcome: 'won', mqlRate: 0.25 });
    const s = await until(jobId);
    expect(s.state).toBe('done');
    if (s.state !== 'done') return;
    expect(jobsFor(t.ctx).list().find((j) => j.jobId === jobId)).toMatchObject({ kind: 'suggest', finished: true, phase: 'done', result: null });
    const phases = new Set(progressOf(jobId).map((p) => p.phase));
    for (const phase of ['reading', 'fitting', 'levels', 'done']) expect(phases).toContain(phase);
    const direct = runSuggest(t.db, SuggestParamsSchema.parse({ outcome: 'won', mqlRate: 0.25 }));
    expect(s.result).toEqual(direct);
    expect(s.result.rules.find((r) => r.label === 'country = NL')!.points).toBeGreaterThan(0);
    expect(dump(t.db)).toEqual(before);

    const drafted = await call<{ version: { id: string; name: string } }>('suggest:createDraft', { params: { outcome: 'won', mqlRate: 0.25 }, jobId, name: 'From the job' });
    const v = criteriaService.get(t.db, drafted.version.id);
    expect(v.name).toBe('From the job');
    expect(v.rules.map((r) => [r.label, r.points]).sort()).toEqual(s.result.rules.map((r) => [r.label, r.points]).sort());
    expect(v.levels).toEqual(s.result.levels);
  }, 60_000);

  it('a job cancelled at once ends cancelled with no result, and the workspace is untouched', async () => {
    const before = dump(t.db);
    const { jobId } = await call<{ jobId: string }>('suggest:start', { outcome: 'won' });
    await call('jobs:cancel', { jobId });
    const s = await until(jobId);
    expect(s).toEqual({ state: 'cancelled', error: expect.stringMatching(/cancelled/) as unknown as string });
    expect(jobsFor(t.ctx).list().find((j) => j.jobId === jobId)).toMatchObject({ finished: true, phase: 'cancelled' });
    expect(dump(t.db)).toEqual(before);
    await expect(call('suggest:createDraft', { params: { outcome: 'won' }, jobId })).resolves.toBeDefined(); // no finished job: learnt afresh
  }, 60_000);

  it('one suggestion at a time: a second start is refused while the first runs', async () => {
    const first = await call<{ jobId: string }>('suggest:start', { outcome: 'won' });
    await expect(call('suggest:start', { outcome: 'won' })).rejects.toThrow(/suggest is already running/);
    await call('jobs:cancel', { jobId: first.jobId });
    await until(first.jobId);
  }, 60_000);

  it('the service stops between chunks of leads and between fits when asked, in every phase', () => {
    const params = SuggestParamsSchema.parse({ outcome: 'won' });
    for (const stopAt of ['reading', 'fitting', 'levels'] as const) {
      let stop = false;
      const seen: string[] = [];
      expect(() =>
        runSuggest(t.db, params, {
          isCancelled: () => stop,
          onProgress: (_done, _total, phase) => {
            seen.push(phase);
            if (phase === stopAt) stop = true;
          },
        }),
      ).toThrow(SuggestCancelled);
      expect(seen.at(-1)).toBe(stopAt);
      expect(seen).not.toContain(stopAt === 'reading' ? 'fitting' : stopAt === 'fitting' ? 'levels' : 'none');
    }
  });
});
