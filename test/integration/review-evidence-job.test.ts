import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { jobsFor } from '../../main/jobs/runner.js';
import * as reviews from '../../main/services/reviews.js';
import type { Review } from '../../shared/contracts/reviews.js';
import { day } from '../helpers/report-builders.js';
import { buildReviewFixture } from '../helpers/review-fixture.js';
import { rpcCaller } from '../helpers/rpc.js';
import { createTestDb, type TestDb } from '../helpers/test-db.js';

const AS_OF = day(2026, 10, 15);

describe('proposal evidence as a job', () => {
  let t: TestDb;
  beforeEach(() => {
    t = createTestDb();
    buildReviewFixture(t.db);
  });
  afterEach(() => t.cleanup());

  const call = rpcCaller(() => t.ctx);
  const evidenceJob = () => jobsFor(t.ctx).list().find((j) => j.kind === 'evidence');
  const settled = async () => {
    const runner = jobsFor(t.ctx);
    for (let i = 0; i < 600 && runner.list().some((j) => !j.finished); i++) await new Promise((r) => setTimeout(r, 50));
    // The main thread records the result after the job's done message.
    await new Promise((r) => setTimeout(r, 50));
  };

  it('attaches the proposal at once, gathers its backtest in a job, then records it and says so', async () => {
    const r = reviews.create(t.db, '2026Q3', AS_OF);
    const key = r.candidates[0]!.key;
    const attached = await call<Review>('reviews:draftFromCandidate', { id: r.id, key });
    expect(attached.proposals).toHaveLength(1);
    expect(attached.proposals[0]!.evidence).toMatchObject({ pending: true, backtest: null, candidateKey: key });
    // The candidate is linked to its proposal while the evidence is still pending.
    expect(attached.candidates.find((c) => c.key === key)!.proposalId).toBe(attached.proposals[0]!.id);
    expect(evidenceJob()).toBeDefined();
    await settled();
    expect(evidenceJob()).toMatchObject({ finished: true, phase: 'done' });
    const p = reviews.get(t.db, r.id).proposals[0]!;
    expect(p.evidence?.pending).toBe(false);
    expect(p.evidence?.backtest?.baselineNumber).toBe(1);
    expect(p.evidence?.candidateKey).toBe(key);
    expect(p.evidence?.suggestion !== null || p.evidence?.suggestionError !== null).toBe(true);
    const changed = t.events.filter((e) => e.event === 'data:changed' && (e.payload as { tables: string[] }).tables.includes('reviews'));
    expect(changed.length).toBeGreaterThanOrEqual(2);
    await expect(call('reviews:gatherEvidence', { id: r.id })).rejects.toThrow('has its evidence already');
  }, 60_000);

  it('a cancelled gathering leaves the proposal pending, and Gather evidence runs it again', async () => {
    const r = reviews.create(t.db, '2026Q3', AS_OF);
    await call<Review>('reviews:draftFromCandidate', { id: r.id, key: r.candidates[0]!.key });
    const job = evidenceJob()!;
    await call('jobs:cancel', { jobId: job.jobId });
    await settled();
    expect(evidenceJob()).toMatchObject({ finished: true, phase: 'cancelled' });
    expect(reviews.get(t.db, r.id).proposals[0]!.evidence).toMatchObject({ pending: true, backtest: null });

    const { jobId } = await call<{ jobId: string }>('reviews:gatherEvidence', { id: r.id });
    expect(jobId).not.toBe(job.jobId);
    await settled();
    expect(reviews.get(t.db, r.id).proposals[0]!.evidence).toMatchObject({ pending: false, backtest: { baselineNumber: 1 } });
  }, 60_000);
});
