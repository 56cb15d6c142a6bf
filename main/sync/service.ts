import type { Db } from '../db/connection.js';
import { conflictCount, listConflicts, markConflictsSeen, type ConflictRow } from '../db/sync-clocks.repo.js';
import { getSyncState, pendingCount } from '../db/sync-outbox.repo.js';
import { syncOnce, type SyncOptions, type SyncReport } from './engine.js';
import { connectHub, PgHub } from './hub-client.js';

export interface SyncStatus {
  lastSyncAt: number | null;
  pending: number;
  conflicts: number;
  unseenConflicts: number;
  hubId: string | null;
}

/** One sync with the hub at `url` (the password in the URL, given here, or PGPASSWORD). */
export async function syncWithHub(db: Db, url: string, password?: string, options?: SyncOptions): Promise<SyncReport> {
  const client = await connectHub(url, password);
  try {
    return await syncOnce(db, new PgHub(client, url), options);
  } finally {
    await client.end().catch(() => undefined);
  }
}

export function syncStatus(db: Db): SyncStatus {
  const last = getSyncState(db, 'last_sync_at');
  const c = conflictCount(db);
  return { lastSyncAt: last === null ? null : Number(last), pending: pendingCount(db), conflicts: c.total, unseenConflicts: c.unseen, hubId: getSyncState(db, 'hub_id') };
}

export function conflicts(db: Db, limit = 200): ConflictRow[] {
  return listConflicts(db, limit);
}

export function acknowledgeConflicts(db: Db): void {
  markConflictsSeen(db);
}
