import { useMutation, useQuery } from '@tanstack/react-query';
import { backtest, type BacktestParams } from '../../../shared/contracts/backtest.js';
import type { InputOf } from '../../../shared/contracts/method.js';
import { call } from '../api.js';
import { keys } from './keys.js';

/*
 * Backtests run as jobs: start one, then poll its result while it runs (the job bar shows progress
 * from the job events). Results live in the main process for the session only.
 */
const backtestKeys = {
  result: (jobId: string) => ['backtest', 'result', jobId] as const,
  latest: (versionId: string) => ['backtest', 'latest', versionId] as const,
  // Under the leads family: a rescore (scores changed) invalidates it with the explanations.
  probability: (versionId: string) => [...keys.leads, 'winProbability', versionId] as const,
};

export function useStartBacktest() {
  return useMutation({ mutationFn: (input: InputOf<typeof backtest.start>) => call(backtest.start, input) });
}

export function useBacktestResult(jobId: string | null) {
  return useQuery({
    queryKey: backtestKeys.result(jobId ?? ''),
    queryFn: () => call(backtest.result, { jobId: jobId! }),
    enabled: jobId !== null,
    refetchInterval: (q) => (q.state.data?.state === 'running' || q.state.data === undefined ? 300 : false),
  });
}

export function useLatestBacktest(versionId: string) {
  return useQuery({ queryKey: backtestKeys.latest(versionId), queryFn: () => call(backtest.latest, { versionId }) });
}

export function useWinProbability(versionId: string | null) {
  return useQuery({
    queryKey: backtestKeys.probability(versionId ?? ''),
    queryFn: () => call(backtest.probability, { versionId: versionId! }),
    enabled: versionId !== null,
    staleTime: 60_000,
  });
}

export type { BacktestParams };
