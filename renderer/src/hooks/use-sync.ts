import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { sync, type ConnectInput } from '../../../shared/contracts/sync.js';
import { call } from '../api.js';
import { invalidateForTables } from './use-data-events.js';

const statusKey = ['sync', 'status'] as const;
const conflictsKey = ['sync', 'conflicts'] as const;
/** The main process syncs on its own timer: the status is read again every few seconds. */
const POLL_MS = 3000;

export function useSyncStatus() {
  return useQuery({ queryKey: statusKey, queryFn: () => call(sync.status, {}), refetchInterval: POLL_MS });
}

export function useSyncConflicts(enabled: boolean) {
  return useQuery({ queryKey: conflictsKey, queryFn: () => call(sync.conflicts, { limit: 200 }), enabled, refetchInterval: POLL_MS });
}

const refusedKey = ['sync', 'refused'] as const;

export function useRefusedChanges(enabled: boolean) {
  return useQuery({ queryKey: refusedKey, queryFn: () => call(sync.refused, {}), enabled, refetchInterval: POLL_MS });
}

function useSyncMutation<I, O>(fn: (input: I) => Promise<O>) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSettled: () => {
      void client.invalidateQueries({ queryKey: ['sync'] });
      // What a sync pulled in can be anywhere.
      invalidateForTables(client, ['users', 'leads', 'campaigns', 'offers', 'handoffs', 'criteria_versions', 'rejection_reasons', 'outcomes']);
    },
  });
}

export const useConnectHub = () => useSyncMutation((input: ConnectInput) => call(sync.connect, input));
export const useDisconnectHub = () => useSyncMutation(() => call(sync.disconnect, {}));
export const useSyncNow = () => useSyncMutation(() => call(sync.now, {}));
export const useMarkConflictsSeen = () => useSyncMutation(() => call(sync.markSeen, {}));
export const useRetryRefused = () => useSyncMutation((seq: number | null) => call(sync.retryRefused, { seq }));
/** `deleteOnlyCopy`: the user confirmed that the change's row, which exists only on this laptop, is deleted. */
export const useDiscardRefused = () =>
  useSyncMutation((input: { seq: number; deleteOnlyCopy: boolean }) => call(sync.discardRefused, input));
