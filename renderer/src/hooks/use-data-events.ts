import { useQueryClient, type QueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { DataChangedSchema, events, JobProgressSchema } from '../../../shared/contracts/events.js';
import { subscribeEvents } from '../api.js';
import { keys } from './keys.js';
import { applyJobProgress } from './use-jobs.js';

/** Which cached queries a change to a table makes stale. */
export function invalidateForTables(client: QueryClient, tables: readonly string[]): void {
  const set = new Set(tables);
  if (set.has('users')) {
    void client.invalidateQueries({ queryKey: keys.users });
    // Owners come from users: the facet lists name them.
    void client.invalidateQueries({ queryKey: keys.facets() });
  }
  const leadTables = ['leads', 'touchpoints', 'stage_events', 'scores', 'handoffs', 'offers', 'campaigns', 'outcomes'];
  if (leadTables.some((name) => set.has(name))) {
    void client.invalidateQueries({ queryKey: keys.leads });
    void client.invalidateQueries({ queryKey: keys.workspace });
    // "This rule matches N leads" counts leads and touchpoints.
    void client.invalidateQueries({ queryKey: keys.rulePreviews });
  }
  // The SAL loop (inbox, manager view, Pareto) reads handoffs, reasons and the users they name; each
  // handoff row carries its lead's outcome.
  if (['handoffs', 'rejection_reasons', 'users', 'settings', 'meta', 'outcomes'].some((name) => set.has(name))) {
    void client.invalidateQueries({ queryKey: ['handoffs'] });
  }
  if (set.has('rejection_reasons')) void client.invalidateQueries({ queryKey: ['reasons'] });
  // Which currencies are in use comes from outcomes, offers and campaigns.
  if (['currency', 'outcomes', 'offers', 'campaigns'].some((name) => set.has(name))) void client.invalidateQueries({ queryKey: ['currency'] });
  if (set.has('currency')) void client.invalidateQueries({ queryKey: keys.leads });
  // The outcomes view names each outcome's lead and loss reason.
  if (['outcomes', 'loss_reasons', 'leads'].some((name) => set.has(name))) void client.invalidateQueries({ queryKey: ['outcomes'] });
  // A review shows its versions' statuses (a proposal signed, the resulting version live), which the
  // criteria flow changes while the review is not on screen.
  if (set.has('reviews') || set.has('criteria_versions')) void client.invalidateQueries({ queryKey: ['reviews'] });
  if (set.has('criteria_versions')) {
    void client.invalidateQueries({
      queryKey: keys.criteria,
      predicate: (q) => q.queryKey[1] !== keys.rulePreviews[1],
    });
    // Explanations are given under the active version, which an activation changes.
    void client.invalidateQueries({ queryKey: keys.leadExplanations });
  }
}

/**
 * One subscription for the whole app: when the main process says data changed (another window, an
 * import job, the CLI through the same workspace), the affected queries refetch; job progress goes
 * into the jobs cache, so every progress bar reads the same state.
 */
export function useDataEvents(): void {
  const client = useQueryClient();
  useEffect(
    () =>
      subscribeEvents((name, payload) => {
        if (name === events.dataChanged.name) {
          const parsed = DataChangedSchema.safeParse(payload);
          if (parsed.success) invalidateForTables(client, parsed.data.tables);
        } else if (name === events.jobProgress.name) {
          const parsed = JobProgressSchema.safeParse(payload);
          if (parsed.success) applyJobProgress(client, parsed.data);
        }
      }),
    [client],
  );
}
