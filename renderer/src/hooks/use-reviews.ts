import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { DataChangedSchema, events } from '../../../shared/contracts/events.js';
import type { InputOf } from '../../../shared/contracts/method.js';
import { reviews, type Review } from '../../../shared/contracts/reviews.js';
import { call, subscribeEvents } from '../api.js';
import { keys } from './keys.js';
import { invalidateForTables } from './use-data-events.js';

export const reviewKeys = {
  all: ['reviews'] as const,
  list: () => ['reviews', 'list'] as const,
  get: (id: string) => ['reviews', 'get', id] as const,
  forVersion: (versionId: string) => ['reviews', 'forVersion', versionId] as const,
};

export function useReviews() {
  return useQuery({ queryKey: reviewKeys.list(), queryFn: () => call(reviews.list, {}) });
}

export function useReview(id: string) {
  return useQuery({ queryKey: reviewKeys.get(id), queryFn: () => call(reviews.get, { id }) });
}

/** "Produced by the 2026Q3 review" on a version page. */
export function useReviewForVersion(versionId: string) {
  return useQuery({ queryKey: reviewKeys.forVersion(versionId), queryFn: () => call(reviews.forVersion, { versionId }) });
}

/** Other windows (and the CLI through the same workspace) change reviews too: refetch on their event. */
export function useReviewEvents(): void {
  const client = useQueryClient();
  useEffect(
    () =>
      subscribeEvents((name, payload) => {
        if (name !== events.dataChanged.name) return;
        const parsed = DataChangedSchema.safeParse(payload);
        if (parsed.success && parsed.data.tables.includes('reviews')) void client.invalidateQueries({ queryKey: reviewKeys.all });
      }),
    [client],
  );
}

/** Every review change answers with the review as it now is: cache it, refresh the list and the versions it touched. */
function useReviewMutation<I>(fn: (input: I) => Promise<Review>, touchesVersions = false) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSuccess: (r) => {
      client.setQueryData(reviewKeys.get(r.id), r);
      void client.invalidateQueries({ queryKey: reviewKeys.list() });
      void client.invalidateQueries({ queryKey: ['reviews', 'forVersion'] });
      if (touchesVersions) invalidateForTables(client, ['criteria_versions']);
    },
  });
}

type In<K extends keyof typeof reviews> = InputOf<(typeof reviews)[K]>;

export const useCreateReview = () => useReviewMutation((i: In<'create'>) => call(reviews.create, i));
export const useMoveItem = () => useReviewMutation((i: In<'moveItem'>) => call(reviews.moveItem, i));
export const useRemoveItem = () => useReviewMutation((i: In<'removeItem'>) => call(reviews.removeItem, i));
export const useAddItem = () => useReviewMutation((i: In<'addItem'>) => call(reviews.addItem, i));
export const useSetNote = () => useReviewMutation((i: In<'setNote'>) => call(reviews.setNote, i));
export const useSetAttendees = () => useReviewMutation((i: In<'setAttendees'>) => call(reviews.setAttendees, i));
export const useSetStatus = () => useReviewMutation((i: In<'setStatus'>) => call(reviews.setStatus, i));
export const useAddProposal = () => useReviewMutation((i: In<'addProposal'>) => call(reviews.addProposal, i), true);
export const useDraftFromCandidate = () => useReviewMutation((i: In<'draftFromCandidate'>) => call(reviews.draftFromCandidate, i), true);
export const useDecide = () => useReviewMutation((i: In<'decide'>) => call(reviews.decide, i), true);
export const useAddAction = () => useReviewMutation((i: In<'addAction'>) => call(reviews.addAction, i));
export const useSetActionDone = () => useReviewMutation((i: In<'setActionDone'>) => call(reviews.setActionDone, i));
export const useRemoveAction = () => useReviewMutation((i: In<'removeAction'>) => call(reviews.removeAction, i));

/** Gather the pending proposals' evidence again (after a Cancel): a job, shown by JobProgress kind="evidence". */
export function useGatherEvidence() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => call(reviews.gatherEvidence, { id }),
    onSuccess: () => void client.invalidateQueries({ queryKey: keys.jobList() }),
  });
}

export const fetchPack = (id: string, locale: string) => call(reviews.pack, { id, locale });
