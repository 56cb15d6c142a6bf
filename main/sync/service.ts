import type { Db } from '../db/connection.js';
import { conflictCount, listConflicts, markConflictsSeen, type ConflictRow } from '../db/sync-clocks.repo.js';
import { getSyncState, pendingCount, setSyncState } from '../db/sync-outbox.repo.js';
import { AppError } from '../../shared/errors.js';
import { identity, syncOnce, type SyncOptions, type SyncReport } from './engine.js';
import { connectHub, PgHub, redactUrl } from './hub-client.js';

export interface SyncStatus {
  lastSyncAt: number | null;
  pending: number;
  conflicts: number;
  unseenConflicts: number;
  hubId: string | null;
}

/**
 * What connecting and every sync check first, so a wrong target is refused with its reason rather
 * than each sync failing: the address holds a LeadPact hub, the one this workspace syncs with, and
 * this workspace's client id is not registered there to another login. Records the login it is
 * registered to (`client_login`), to name it when someone connects this laptop as another.
 */
export async function checkHub(db: Db, hub: PgHub, url: string): Promise<{ login: string; registered: 'mine' | 'new' | 'other' }> {
  const info = await hub.info();
  const knownHub = getSyncState(db, 'hub_id');
  if (knownHub !== null && knownHub !== info.hubId) {
    throw new AppError(
      'external',
      `This workspace syncs with another hub than the one at ${redactUrl(url)} (id ${knownHub}; this one is ${info.hubId}). A workspace belongs to one team hub; start from a new workspace to join this one.`,
    );
  }
  const id = identity(db);
  const reg = await hub.registration(id.clientId, id.node);
  if (reg.registered === 'other') {
    // A workspace that synced before client_login was kept: the login it was last connected as.
    const before = getSyncState(db, 'client_login') ?? getSyncState(db, 'hub_user');
    const owner = before && before !== reg.login ? before : null;
    throw new AppError(
      'external',
      `This laptop is registered on the hub to ${owner ? `the login ${owner}` : 'another login'}, not ${reg.login}: its changes are pushed as that login. ` +
        `Connect as ${owner ?? 'that login'} again; to sync as ${reg.login}, join the hub from a new workspace.`,
      { clientId: id.clientId, registeredTo: owner },
    );
  }
  if (reg.registered === 'mine' && getSyncState(db, 'client_login') !== reg.login) setSyncState(db, 'client_login', reg.login);
  return reg;
}

/** One sync with the hub at `url` (the password in the URL, given here, or PGPASSWORD). */
export async function syncWithHub(db: Db, url: string, password?: string, options?: SyncOptions): Promise<SyncReport> {
  const client = await connectHub(url, password);
  try {
    const hub = new PgHub(client, url);
    const reg = await checkHub(db, hub, url);
    const report = await syncOnce(db, hub, options);
    // The first push registered this workspace's client id to this login.
    if (reg.registered === 'new' && report.pushed > 0) setSyncState(db, 'client_login', reg.login);
    return report;
  } finally {
    // Also a connection that broke (the hub went down): it is discarded, the next sync opens another.
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
