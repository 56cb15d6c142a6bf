import { SYNCED_TABLES_V8, type SyncedTable } from '../db/migrations/0008-sync-outbox.js';
import { SYNCED_TABLES_V23_NEW } from '../db/migrations/0023-reporting-currency.js';

/** The synced tables and columns as of the latest migration that changed them. */
export const SYNCED_TABLES: readonly SyncedTable[] = [...SYNCED_TABLES_V8, ...SYNCED_TABLES_V23_NEW];
const BY_NAME = new Map(SYNCED_TABLES.map((t) => [t.name, { table: t, columns: new Set(t.columns) }]));

/** The table's spec, or undefined for a table this version does not sync (from a newer client). */
export function syncedTable(name: string): { table: SyncedTable; columns: ReadonlySet<string> } | undefined {
  return BY_NAME.get(name);
}
