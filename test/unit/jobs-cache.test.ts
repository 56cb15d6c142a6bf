import { QueryClient } from '@tanstack/react-query';
import { describe, expect, it } from 'vitest';
import type { JobProgress } from '../../shared/contracts/events.js';
import { applyJobProgress, refreshJobs } from '../../renderer/src/hooks/use-jobs.js';
import { keys } from '../../renderer/src/hooks/keys.js';

const job = (patch: Partial<JobProgress>): JobProgress => ({
  jobId: '01a233c6-e6bb-7662-9df4-72d1597e6930',
  kind: 'rescore',
  done: 0,
  total: 0,
  phase: 'starting',
  finished: false,
  error: null,
  result: null,
  ...patch,
});

describe('the job list cache', () => {
  it('keeps a finish that an event brought while jobs:list was in flight with an older state', async () => {
    const client = new QueryClient();
    client.setQueryData(keys.jobList(), [job({})]);
    // The server answers with the job as it was when the request was served ("starting")...
    const answer = refreshJobs(client, async () => {
      // ...while the job's last events arrive before the answer does.
      applyJobProgress(client, job({ phase: 'cancelled', finished: true, error: 'Rescore cancelled; nothing was changed.' }));
      return [job({})];
    });
    const merged = await answer;
    expect(merged).toHaveLength(1);
    expect(merged[0]).toMatchObject({ phase: 'cancelled', finished: true });
  });

  it('takes the server state when it is newer than the cache', async () => {
    const client = new QueryClient();
    client.setQueryData(keys.jobList(), [job({ phase: 'scoring', done: 10, total: 100 })]);
    const merged = await refreshJobs(client, async () => [job({ phase: 'done', done: 100, total: 100, finished: true })]);
    expect(merged[0]).toMatchObject({ phase: 'done', finished: true, done: 100 });
  });
});
