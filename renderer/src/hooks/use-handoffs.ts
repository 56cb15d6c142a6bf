import {
  infiniteQueryOptions,
  keepPreviousData,
  useInfiniteQuery,
  useMutation,
  useQuery,
  useQueryClient,
  type QueryClient,
} from '@tanstack/react-query';
import {
  HANDOFF_SORT_COLUMNS,
  handoffs,
  PARETO_SPLITS,
  type Decision,
  type HandoffFilters,
  type HandoffRow,
  type Inbox,
  type LoopFilters,
  type SlaSettings,
} from '../../../shared/contracts/handoffs.js';
import { call } from '../api.js';
import { invalidateForTables } from './use-data-events.js';

/** What the Pareto splits its bars by; null for plain bars. */
export type SplitBy = (typeof PARETO_SPLITS)[number] | null;
export type HandoffSort = { column: (typeof HANDOFF_SORT_COLUMNS)[number]; dir: 'asc' | 'desc' };

/** Query keys of the SAL loop; all start with 'handoffs' so one invalidation refreshes every view of it. */
export const handoffKeys = {
  all: ['handoffs'] as const,
  inbox: (repId: string | null) => ['handoffs', 'inbox', repId] as const,
  list: (sort: HandoffSort, filters: HandoffFilters) => ['handoffs', 'list', sort, filters] as const,
  slaByRep: (filters: LoopFilters) => ['handoffs', 'slaByRep', filters] as const,
  pareto: (filters: LoopFilters, splitBy: SplitBy) => ['handoffs', 'pareto', filters, splitBy] as const,
  drill: (filters: LoopFilters, reasonId: string, splitBy: SplitBy, splitKey: string | null) =>
    ['handoffs', 'drill', filters, reasonId, splitBy, splitKey] as const,
  trend: (filters: LoopFilters) => ['handoffs', 'trend', filters] as const,
  slaSettings: () => ['handoffs', 'slaSettings'] as const,
};

export const HANDOFFS_PAGE_SIZE = 100;

/**
 * How many of the most urgent pending handoffs the inbox holds at once. The counts cover all of
 * them; the rest arrive as these are decided. Reading (and validating) 5,000 rows after every
 * decision would cost the rep a noticeable pause per keystroke; 500 is a long day's work.
 */
export const INBOX_WINDOW = 500;

/** The rep's queue (the current user when `repId` is null), pending first by SLA due time. */
export function useInbox(repId: string | null) {
  return useQuery({
    queryKey: handoffKeys.inbox(repId),
    queryFn: () => call(handoffs.inbox, repId ? { repId, limit: INBOX_WINDOW } : { limit: INBOX_WINDOW }),
    // The clock moves: re-read once a minute so "due in" and "overdue" stay true.
    refetchInterval: 60_000,
  });
}

export const handoffListOptions = (sort: HandoffSort, filters: HandoffFilters) =>
  infiniteQueryOptions({
    queryKey: handoffKeys.list(sort, filters),
    queryFn: ({ pageParam }) => call(handoffs.list, { sort, filters, cursor: pageParam, limit: HANDOFFS_PAGE_SIZE }),
    initialPageParam: null as { value: string | number; id: string } | null,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });

export function useHandoffList(sort: HandoffSort, filters: HandoffFilters) {
  return useInfiniteQuery({ ...handoffListOptions(sort, filters), placeholderData: keepPreviousData });
}

export function useSlaByRep(filters: LoopFilters) {
  return useQuery({ queryKey: handoffKeys.slaByRep(filters), queryFn: () => call(handoffs.slaByRep, { filters }) });
}

export function usePareto(filters: LoopFilters, splitBy: SplitBy) {
  return useQuery({
    queryKey: handoffKeys.pareto(filters, splitBy),
    queryFn: () => call(handoffs.pareto, { filters, splitBy }),
    placeholderData: keepPreviousData,
  });
}

export function useDrill(filters: LoopFilters, reasonId: string | null, splitBy: SplitBy, splitKey: string | null) {
  return useQuery({
    queryKey: handoffKeys.drill(filters, reasonId ?? '', splitBy, splitKey),
    queryFn: () => call(handoffs.drill, { filters, reasonId: reasonId!, splitBy, splitKey }),
    enabled: reasonId !== null,
  });
}

export function useAcceptanceTrend(filters: LoopFilters) {
  return useQuery({
    queryKey: handoffKeys.trend(filters),
    queryFn: () => call(handoffs.acceptanceTrend, { filters }),
    placeholderData: keepPreviousData,
  });
}

export function useSlaSettings() {
  return useQuery({ queryKey: handoffKeys.slaSettings(), queryFn: () => call(handoffs.slaSettings, {}) });
}

/** A decision changes the lead's stage too: refresh the loop and everything that shows leads. */
function refreshAfterDecision(client: QueryClient): void {
  invalidateForTables(client, ['handoffs', 'leads', 'stage_events']);
}

/** Take decided handoffs out of every cached inbox at once, so the next card is there before the server answers. */
function dropFromInboxes(client: QueryClient, ids: readonly string[]): Map<readonly unknown[], Inbox | undefined> {
  const set = new Set(ids);
  const before = new Map<readonly unknown[], Inbox | undefined>();
  for (const [key, data] of client.getQueriesData<Inbox>({ queryKey: ['handoffs', 'inbox'] })) {
    before.set(key, data);
    if (!data) continue;
    const pending = data.pending.filter((h) => !set.has(h.id));
    const removed = data.pending.filter((h) => set.has(h.id));
    client.setQueryData<Inbox>(key, {
      ...data,
      pending,
      pendingCount: Math.max(0, data.pendingCount - removed.length),
      breachedCount: Math.max(0, data.breachedCount - removed.filter((h) => h.breached).length),
    });
  }
  return before;
}

function restoreInboxes(client: QueryClient, before: Map<readonly unknown[], Inbox | undefined> | undefined): void {
  for (const [key, data] of before ?? []) client.setQueryData(key, data);
}

export function useDecide() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: { id: string; decision: Decision }) => call(handoffs.decide, input),
    // Synchronous on purpose: the next card must be in front of the rep on this frame. A refetch in
    // flight is cancelled (its answer dropped), not awaited.
    onMutate: (input) => {
      void client.cancelQueries({ queryKey: ['handoffs', 'inbox'] });
      return dropFromInboxes(client, [input.id]);
    },
    onError: (_e, _input, before) => restoreInboxes(client, before),
    onSettled: () => refreshAfterDecision(client),
  });
}

export function useDecideMany() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: { ids: string[]; decision: Decision }) => call(handoffs.decideMany, input),
    onMutate: (input) => {
      void client.cancelQueries({ queryKey: ['handoffs', 'inbox'] });
      return dropFromInboxes(client, input.ids);
    },
    onError: (_e, _input, before) => restoreInboxes(client, before),
    onSettled: () => refreshAfterDecision(client),
  });
}

/** Undo the last decision: one handoff, or every handoff of a bulk decision in one transaction. */
export function useUndoDecision() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async (ids: readonly string[]): Promise<number> => {
      if (ids.length === 1) {
        await call(handoffs.undo, { id: ids[0]! });
        return 1;
      }
      return (await call(handoffs.undoMany, { ids: [...ids] })).undone;
    },
    onSettled: () => refreshAfterDecision(client),
  });
}

/** Put the server's answer for one handoff into every cached list, so it shows before the refetch. */
function putInLists(client: QueryClient, row: HandoffRow): void {
  for (const [key, data] of client.getQueriesData<{ pages: { rows: HandoffRow[] }[] }>({
    queryKey: ['handoffs', 'list'],
  })) {
    if (!data) continue;
    client.setQueryData(key, {
      ...data,
      pages: data.pages.map((p) => ({ ...p, rows: p.rows.map((r) => (r.id === row.id ? row : r)) })),
    });
  }
}

export function useSetChecklist() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: { id: string; checklist: Record<string, boolean> }) => call(handoffs.setChecklist, input),
    onSuccess: (row: HandoffRow) => {
      // The ticked box shows at once; the lists refresh behind it.
      putInLists(client, row);
      refreshAfterDecision(client);
    },
  });
}

export function useOpenOpportunity() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => call(handoffs.openOpportunity, { id }),
    // The card offers the next step (recording the outcome) at once; the lists refresh behind it.
    onSuccess: (row: HandoffRow) => {
      putInLists(client, row);
      refreshAfterDecision(client);
    },
  });
}

export function useSetSlaSettings() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: SlaSettings) => call(handoffs.setSlaSettings, input),
    onSuccess: (saved) => {
      client.setQueryData(handoffKeys.slaSettings(), saved);
      void client.invalidateQueries({ queryKey: handoffKeys.all });
    },
  });
}
