import { useMutation, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { useSyncExternalStore } from 'react';
import type { JobProgress } from '../../../shared/contracts/events.js';
import { jobs } from '../../../shared/contracts/jobs.js';
import { call } from '../api.js';
import { keys } from './keys.js';

/*
 * Long jobs (a rescore) report through 'job:progress' events. They land in the query cache under
 * keys.jobList(), next to what jobs:list answered, so a progress bar anywhere reads one state, and a
 * page opened mid-job (or an event lost in transit) still catches up from jobs:list.
 */

/** Later beats earlier: a finished job stays finished, and `done` never goes backwards. */
function newer(a: JobProgress, b: JobProgress): JobProgress {
  if (a.finished !== b.finished) return a.finished ? a : b;
  return b.done >= a.done ? b : a;
}

export function mergeJobs(known: readonly JobProgress[] | undefined, incoming: readonly JobProgress[]): JobProgress[] {
  const byId = new Map((known ?? []).map((j) => [j.jobId, j]));
  for (const j of incoming) {
    const old = byId.get(j.jobId);
    byId.set(j.jobId, old ? newer(old, j) : j);
  }
  return [...byId.values()];
}

export function applyJobProgress(client: QueryClient, progress: JobProgress): void {
  client.setQueryData<JobProgress[]>(keys.jobList(), (old) => mergeJobs(old, [progress]));
}

/**
 * What jobs:list answered, merged with the cache as it is when the answer arrives: events that came
 * while the request was in flight (a short job can start and finish meanwhile) must not be
 * overwritten by the older state the server reported before them.
 */
export async function refreshJobs(client: QueryClient, list: () => Promise<JobProgress[]>): Promise<JobProgress[]> {
  const listed = await list();
  return mergeJobs(client.getQueryData<JobProgress[]>(keys.jobList()), listed);
}

export function useJobs() {
  const client = useQueryClient();
  return useQuery({
    queryKey: keys.jobList(),
    queryFn: () => refreshJobs(client, () => call(jobs.list, {})),
    staleTime: 0,
  });
}

export function useCancelJob() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (jobId: string) => call(jobs.cancel, { jobId }),
    onSettled: () => void client.invalidateQueries({ queryKey: keys.jobList() }),
  });
}

/* Jobs this page has dismissed (the finished bar's "Dismiss" button); kept for the page's lifetime. */
const dismissed = new Set<string>();
const listeners = new Set<() => void>();
let dismissedVersion = 0;

export function dismissJob(jobId: string): void {
  dismissed.add(jobId);
  dismissedVersion += 1;
  listeners.forEach((l) => l());
}

function subscribeDismissed(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** When this page was loaded: a job finished before then is old news, not something to report. */
const PAGE_LOADED_AT = Date.now();
const CLOCK_SKEW_MS = 5_000;

/** Job ids are UUIDv7: the first 48 bits are the start time in ms. */
export function jobStartedAt(jobId: string): number | null {
  const hex = jobId.replaceAll('-', '');
  if (!/^[0-9a-f]{32}$/i.test(hex) || hex[12] !== '7') return null;
  return parseInt(hex.slice(0, 12), 16);
}

/**
 * The job a progress bar should show: one that is running, else the latest one that finished after
 * this page was opened and has not been dismissed.
 */
export function useCurrentJob(kind?: string): JobProgress | null {
  const list = useJobs();
  useSyncExternalStore(subscribeDismissed, () => dismissedVersion);
  const all = (list.data ?? []).filter((j) => kind === undefined || j.kind === kind);
  const running = all.find((j) => !j.finished);
  if (running) return running;
  const recent = all.filter((j) => {
    const at = jobStartedAt(j.jobId);
    return !dismissed.has(j.jobId) && at !== null && at >= PAGE_LOADED_AT - CLOCK_SKEW_MS;
  });
  return recent.sort((a, b) => (jobStartedAt(b.jobId) ?? 0) - (jobStartedAt(a.jobId) ?? 0))[0] ?? null;
}
