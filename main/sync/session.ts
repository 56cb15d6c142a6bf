import type { Ctx } from '../rpc/context.js';
import { getSyncState, setSyncState } from '../db/sync-outbox.repo.js';
import { listConflicts } from '../db/sync-clocks.repo.js';
import { AppError } from '../../shared/errors.js';
import type { Conflict, ConnectInput, RefusedChange, SyncStatus } from '../../shared/contracts/sync.js';
import { discardRefused, onlyHere, refused, refusedCount, retryRefused } from './refused.js';
import type { SyncReport } from './engine.js';
import { connectHub, PgHub, redactUrl } from './hub-client.js';
import { checkHub, syncStatus, syncWithHub } from './service.js';
import { rowLabels } from '../db/sync-labels.repo.js';
import { jobsFor } from '../jobs/runner.js';

/**
 * The app's hub connection, per open workspace, in the main process. The password lives only in
 * this memory (never on disk, never in the renderer after the connect call): closing the app
 * forgets it and the user types it again, which is what a shared team database warrants. The
 * address and login are kept in the workspace to fill the form in next time.
 */
interface Session {
  url: string;
  user: string;
  password: string;
  timer: ReturnType<typeof setInterval> | null;
  running: Promise<SyncReport> | null;
  lastError: string | null;
}

const sessions = new Map<string, Session>();
export const AUTO_SYNC_SECONDS = Number(process.env.LEADPACT_SYNC_INTERVAL_S ?? 60);

function withUser(url: string, user: string): string {
  const u = new URL(url);
  u.username = encodeURIComponent(user);
  u.password = '';
  return u.toString();
}

export function status(ctx: Ctx): SyncStatus {
  const s = sessions.get(ctx.path);
  const base = syncStatus(ctx.db);
  return {
    connected: s !== undefined,
    url: s ? redactUrl(s.url) : getSyncState(ctx.db, 'hub_url'),
    user: s?.user ?? getSyncState(ctx.db, 'hub_user'),
    autoSyncSeconds: s?.timer ? AUTO_SYNC_SECONDS : null,
    running: s?.running != null,
    lastSyncAt: base.lastSyncAt,
    lastError: s?.lastError ?? null,
    pending: base.pending,
    conflicts: base.conflicts,
    unseenConflicts: base.unseenConflicts,
    refused: refusedCount(ctx.db),
  };
}

export function refusedChanges(ctx: Ctx): RefusedChange[] {
  const rows = refused(ctx.db);
  const labels = rowLabels(ctx.db, rows.map((r) => ({ tbl: r.tbl, rowId: r.rowId })));
  return rows.map((r) => ({
    seq: r.seq,
    table: r.tbl,
    rowId: r.rowId,
    rowLabel: labels.get(`${r.tbl}\u0000${r.rowId}`) ?? null,
    columns: Object.keys(r.cols),
    reason: r.reason,
    refusedAt: r.refusedAt,
    onlyHere: onlyHere(ctx.db, r),
  }));
}

export function retry(ctx: Ctx, seq: number | null): { count: number } {
  const count = retryRefused(ctx.db, seq);
  ctx.emit('data:changed', { tables: ['sync'] });
  return { count };
}

export function discard(ctx: Ctx, seq: number, deleteOnlyCopy: boolean): { ok: true } {
  discardRefused(ctx.db, seq, { deleteOnlyCopy });
  ctx.emit('data:changed', { tables: ['sync'] });
  return { ok: true };
}

/** One sync at a time per workspace; the automatic one and "Sync now" share it. */
export async function syncNow(ctx: Ctx): Promise<SyncReport> {
  const s = sessions.get(ctx.path);
  if (!s) throw new AppError('conflict', 'Not connected to a hub: connect in Settings first.');
  if (s.running) return s.running;
  s.running = (async () => {
    try {
      const r = await syncWithHub(ctx.db, withUser(s.url, s.user), s.password);
      s.lastError = null;
      // The pull changed what every score depends on: rescore in the background, as going live does.
      if (r.rescoreAll) jobsFor(ctx).start('rescore', { versionId: r.rescoreAll });
      if (r.applied > 0 || r.refused > 0) ctx.emit('data:changed', { tables: ['leads', 'campaigns', 'offers', 'users', 'criteria_versions', 'handoffs', 'outcomes', 'currency', 'sync'] });
      else ctx.emit('data:changed', { tables: ['sync'] });
      return r;
    } catch (e) {
      s.lastError = e instanceof Error ? e.message.split('\n')[0]! : String(e);
      ctx.emit('data:changed', { tables: ['sync'] });
      throw e;
    } finally {
      s.running = null;
    }
  })();
  return s.running;
}

/** Check the login with the hub, keep it for this session, sync once, then every AUTO_SYNC_SECONDS. */
export async function connect(ctx: Ctx, input: ConnectInput): Promise<SyncStatus> {
  const url = withUser(input.url, input.user);
  const probe = await connectHub(url, input.password);
  try {
    // Refused here, with the reason, rather than "Connected" and then every sync failing.
    await checkHub(ctx.db, new PgHub(probe, url), url);
  } finally {
    await probe.end().catch(() => undefined);
  }
  disconnect(ctx);
  const s: Session = { url: input.url, user: input.user, password: input.password, timer: null, running: null, lastError: null };
  sessions.set(ctx.path, s);
  ctx.db.transaction(() => {
    setSyncState(ctx.db, 'hub_url', redactUrl(input.url));
    setSyncState(ctx.db, 'hub_user', input.user);
  })();
  await syncNow(ctx).catch(() => undefined); // the error is in the status
  // Automatic sync while connected; a failure (offline) is shown and retried on the next tick.
  s.timer = setInterval(() => void syncNow(ctx).catch(() => undefined), AUTO_SYNC_SECONDS * 1000);
  s.timer.unref?.();
  return status(ctx);
}

export function disconnect(ctx: Ctx): SyncStatus {
  const s = sessions.get(ctx.path);
  if (s?.timer) clearInterval(s.timer);
  sessions.delete(ctx.path);
  return status(ctx);
}

export function conflicts(ctx: Ctx, limit: number): Conflict[] {
  const rows = listConflicts(ctx.db, limit);
  const labels = rowLabels(ctx.db, rows.map((r) => ({ tbl: r.tbl, rowId: r.rowId })));
  return rows.map((r) => ({
    id: r.id,
    table: r.tbl,
    rowId: r.rowId,
    column: r.col,
    rowLabel: labels.get(`${r.tbl}\u0000${r.rowId}`) ?? null,
    keptValue: r.keptValue,
    lostValue: r.lostValue,
    detectedAt: r.detectedAt,
    seen: r.seen,
  }));
}
