import { useQueryClient, type QueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { DataChangedSchema, events } from '../../../shared/contracts/events.js';
import { subscribeEvents } from '../api.js';
import { keys } from './keys.js';

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
  }
}

/**
 * One subscription for the whole app: when the main process says data changed (another window, an
 * import job, the CLI through the same workspace), the affected queries refetch.
 */
export function useDataEvents(): void {
  const client = useQueryClient();
  useEffect(
    () =>
      subscribeEvents((name, payload) => {
        if (name !== events.dataChanged.name) return;
        const parsed = DataChangedSchema.safeParse(payload);
        if (parsed.success) invalidateForTables(client, parsed.data.tables);
      }),
    [client],
  );
}
