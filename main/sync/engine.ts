import { randomBytes, randomUUID } from 'node:crypto';
import type { Db } from '../db/connection.js';
import {
  enrollExistingRows,
  getSyncState,
  pendingCount,
  removeAcknowledged,
  setSyncState,
  stampOutbox,
  stampedOutbox,
  unstampedOutbox,
  type OutboxRow,
} from '../db/sync-outbox.repo.js';
import { refusedCount, setAside } from '../db/sync-refused.repo.js';
import { allClockedRows, conflictCount, getRowClocks, setRowClocks } from '../db/sync-clocks.repo.js';
import { MAX_DRIFT_MS, formatHlc, parseHlc, tick, type Hlc } from '../../shared/domain/hlc.js';
import { isRefusedChange, type HubTransport, type PulledField, type PushChange } from './hub-client.js';
import { applyPulled, applyPurged } from './apply.js';
import { rescoreLeads, rescoreNeed } from './rescore-pulled.js';
import { markOriginsRead, placeFromHub, settleHandoffTwins } from './twins.js';
import { activeVersionId } from '../db/criteria.repo.js';
import { yieldingClock } from '../../shared/domain/sync-merge.js';
import { AppError } from '../../shared/errors.js';

export interface SyncOptions {
  /** This machine's time; tests set it to play a laptop whose clock is wrong. */
  now?: () => number;
  pushBatch?: number;
  pullBatch?: number;
}

export interface SyncReport {
  pushed: number;
  pulled: number;
  applied: number;
  conflicts: number;
  fullResync: boolean;
  pending: number;
  /** Changes the hub refused in this round, set aside (see `leadpact sync refused`). */
  refused: number;
  /** Leads the pull touched, scored again under the active version in the sync's transaction. */
  rescored: number;
  /**
   * The version to rescore every lead under, when the pull changed what all scores depend on (it
   * put another version live, changed its rules) or touched too many leads to score one by one;
   * the caller runs that rescore (the app as a background job, the CLI at once).
   */
  rescoreAll: string | null;
  refusedTotal: number;
  at: number;
}

export interface Cursor {
  xid: string;
  id: string;
}

const ZERO: Cursor = { xid: '0', id: '0' };
export const cursorBefore = (a: Cursor, b: Cursor): boolean =>
  BigInt(a.xid) < BigInt(b.xid) || (BigInt(a.xid) === BigInt(b.xid) && BigInt(a.id) < BigInt(b.id));

export interface Identity {
  clientId: string;
  node: string;
}

/** This workspace's client id (for the hub's push high-water mark) and clock node, made once. */
export function identity(db: Db): Identity {
  let clientId = getSyncState(db, 'client_id');
  let node = getSyncState(db, 'node');
  if (!clientId || !node) {
    clientId = randomUUID();
    node = randomBytes(8).toString('hex');
    db.transaction(() => {
      setSyncState(db, 'client_id', clientId!);
      setSyncState(db, 'node', node!);
    })();
  }
  return { clientId, node };
}

export function loadClock(db: Db, node: string): Hlc {
  const s = getSyncState(db, 'hlc');
  return s ? parseHlc(s) : { millis: 0, counter: 0, node };
}

export function readCursor(db: Db): Cursor {
  const s = getSyncState(db, 'cursor');
  return s ? (JSON.parse(s) as Cursor) : ZERO;
}

/**
 * Give every outbox row not yet stamped its clock, in outbox order, at the time it was written
 * (as this machine's clock read it): done before anything is pulled, so a local edit is ordered
 * before the remote ones it never saw. Each field's base is the clock of the value it replaced.
 */
export function stampPending(db: Db, node: string, skewMs: number): number {
  let stamped = 0;
  db.transaction(() => {
    if (getSyncState(db, 'enrolled') !== '1') {
      enrollExistingRows(db, Date.now());
      setSyncState(db, 'enrolled', '1');
    }
    let clock = loadClock(db, node);
    for (;;) {
      const rows = unstampedOutbox(db, 5000);
      if (!rows.length) break;
      for (const r of rows) {
        const clocks = getRowClocks(db, r.tbl, r.rowId) ?? {};
        let c: string;
        if (r.weak) {
          // Just after the newest value it replaced (or at the start of time for a new row).
          c = yieldingClock(null, node);
          for (const col of Object.keys(r.cols)) {
            const y = yieldingClock(clocks[col]?.[0] ?? null, node);
            if (y > c) c = y;
          }
        } else {
          clock = tick(clock, r.at + skewMs, Number.POSITIVE_INFINITY);
          c = formatHlc(clock);
        }
        const bases: Record<string, string | null> = {};
        for (const col of Object.keys(r.cols)) {
          const synced = clocks[col]?.[2] ?? null;
          bases[col] = synced;
          clocks[col] = [c, synced, synced];
        }
        setRowClocks(db, r.tbl, r.rowId, clocks);
        stampOutbox(db, r.seq, c, bases);
        stamped++;
      }
    }
    setSyncState(db, 'hlc', formatHlc(clock));
  })();
  return stamped;
}

async function pushAll(db: Db, hub: HubTransport, id: Identity, batch: number, now: () => number, hubNow: number): Promise<{ pushed: number; refused: number }> {
  let pushed = 0;
  let refused = 0;
  let after = 0;
  let prev = Number(getSyncState(db, 'acked_seq') ?? '0');
  // Push `rows`; a change the hub refuses is found by halving the message and set aside with the
  // hub's reason, so it never blocks the changes after it.
  const send = async (rows: OutboxRow[]): Promise<void> => {
    const changes: PushChange[] = rows.map((r) => ({ seq: r.seq, tbl: r.tbl, row: r.rowId, clock: r.clock!, cols: r.cols, bases: r.bases ?? {} }));
    const last = rows[rows.length - 1]!.seq;
    let acked: number;
    let lost: ReadonlySet<string> | null = null;
    let held = prev;
    try {
      if (hub.pushTracked) ({ acked, held, lost } = await hub.pushTracked(id.clientId, id.node, prev, changes));
      else acked = await hub.push(id.clientId, id.node, prev, changes);
    } catch (e) {
      if (!isRefusedChange(e)) throw e;
      if (rows.length === 1) {
        db.transaction(() => setAside(db, rows[0]!, e.message, now()))();
        refused++;
        return;
      }
      const half = rows.length >> 1;
      await send(rows.slice(0, half));
      await send(rows.slice(half));
      return;
    }
    if (acked < last) throw new AppError('internal', `The hub acknowledged up to change ${acked} of ${last}; nothing was removed from the outbox past it.`);
    // Removed only now that the hub has confirmed; a reply lost on the way means a resend the hub skips.
    db.transaction(() => {
      removeAcknowledged(db, acked);
      if (lost !== null) markPushedSynced(db, rows.filter((r) => r.seq > held), lost);
      setSyncState(db, 'acked_seq', String(acked));
    })();
    prev = acked;
    pushed += rows.length;
  };
  for (;;) {
    const rows = stampedOutbox(db, after, batch);
    if (!rows.length) return { pushed, refused };
    after = rows[rows.length - 1]!.seq;
    // The hub refuses a clock too far ahead of its own time; those are set aside here at once (the
    // hub's time came with its info) rather than found one by one.
    const ahead = rows.filter((r) => parseHlc(r.clock!).millis > hubNow + MAX_DRIFT_MS);
    if (ahead.length) {
      db.transaction(() => {
        for (const r of ahead) setAside(db, r, driftReason(r.clock!, hubNow), now());
      })();
      refused += ahead.length;
    }
    const rest = ahead.length ? rows.filter((r) => parseHlc(r.clock!).millis <= hubNow + MAX_DRIFT_MS) : rows;
    if (rest.length) await send(rest);
  }
}

/**
 * The hub holds these writes now, but for the `lost` fields (it kept a newer value, which a pull
 * brings): each field's synced clock moves up to the pushed one, as pulling it back would have. A
 * lost one must not: its value was never on the hub, so it is still this laptop's unseen write. The
 * pull then leaves this transport's own pushes out (pullOthers), so a laptop is not sent back the
 * 100k values it has just pushed.
 */
function markPushedSynced(db: Db, rows: readonly OutboxRow[], lost: ReadonlySet<string>): void {
  for (const r of rows) {
    const clocks = getRowClocks(db, r.tbl, r.rowId);
    if (!clocks) continue;
    let changed = false;
    for (const col of Object.keys(r.cols)) {
      const c = clocks[col];
      if (lost.size && lost.has(`${r.tbl}\u0000${r.rowId}\u0000${col}`)) continue;
      if (c && (c[2] === null || r.clock! > c[2])) {
        c[2] = r.clock!;
        changed = true;
      }
    }
    if (changed) setRowClocks(db, r.tbl, r.rowId, clocks);
  }
}

function driftReason(clock: string, hubNow: number): string {
  const s = Math.floor((parseHlc(clock).millis - hubNow) / 1000);
  const hms = [Math.floor(s / 3600), Math.floor(s / 60) % 60, s % 60].map((n) => String(n).padStart(2, '0')).join(':');
  return `The hub refused: this change's clock is ${hms} ahead of the hub's time; the cap is ${MAX_DRIFT_MS / 60_000} minutes: set this computer's clock right, then retry it`;
}

async function pullAll(hub: HubTransport, from: Cursor, batch: number, skipOwn: boolean): Promise<{ fields: PulledField[]; cursor: Cursor }> {
  const fields: PulledField[] = [];
  let cursor = from;
  const take = (got: readonly PulledField[]) => {
    for (const f of got) {
      // A reordered or repeated reply can only move the cursor forward.
      if (cursorBefore(cursor, f)) {
        fields.push(f);
        cursor = { xid: f.xid, id: f.id };
      }
    }
  };
  for (;;) {
    if (skipOwn && hub.pullOthers) {
      const page = await hub.pullOthers(cursor, batch);
      take(page.fields);
      // Past this transport's own rows at the end of the page too (the hub never passes xmin).
      if (page.end && cursorBefore(cursor, page.end)) cursor = { xid: page.end.xid, id: page.end.id };
      if (page.scanned < batch) return { fields, cursor };
      continue;
    }
    const got = await hub.pull(cursor, batch);
    take(got);
    if (got.length < batch) return { fields, cursor };
  }
}

/** One round: stamp, push until the hub holds everything, pull everything committed, merge. */
export async function syncOnce(db: Db, hub: HubTransport, options: SyncOptions = {}): Promise<SyncReport> {
  const now = options.now ?? Date.now;
  const id = identity(db);
  const info = await hub.info();
  let cursor = readCursor(db);
  let fullResync = false;
  const knownHub = getSyncState(db, 'hub_id');
  if (knownHub !== null && knownHub !== info.hubId) {
    throw new AppError(
      'conflict',
      `This workspace syncs with another hub (id ${knownHub}; this one is ${info.hubId}). A workspace belongs to one team hub; start from a new workspace to join this one.`,
    );
  }
  // The horizon is the newest purged change; once caught up with (or resynced past) a horizon it
  // is remembered, since the fields left after a purge may all be older than it.
  const horizonKey = `${info.horizon.xid}:${info.horizon.id}`;
  if (knownHub !== null && getSyncState(db, 'seen_horizon') !== horizonKey && cursorBefore(cursor, info.horizon) && cursorBefore(ZERO, cursor)) {
    // Deletes older than our cursor were purged: we may have missed some, so read everything again.
    cursor = ZERO;
    fullResync = true;
  }
  // A workspace that synced before may hold leads merged before handoff origins were kept.
  if (knownHub !== null) await placeFromHub(db, hub, options.pullBatch ?? 10_000);
  stampPending(db, id.node, now() - Date.now());
  const { pushed, refused } = await pushAll(db, hub, id, options.pushBatch ?? 2000, now, info.nowMs);
  // A full resync reads every row, own ones too: what the hub no longer holds is dropped after it.
  const { fields, cursor: next } = await pullAll(hub, cursor, options.pullBatch ?? 10_000, !fullResync);
  const before = conflictCount(db).total;
  let applied = 0;
  let rescored = 0;
  let rescoreAll: string | null = null;
  db.transaction(() => {
    const activeBefore = activeVersionId(db);
    applied = applyPulled(db, fields, id.node, now());
    if (fullResync) applied += dropPurged(db, fields);
    applied += settleHandoffTwins(db);
    const need = applied > 0 ? rescoreNeed(db, fields, activeBefore) : ({ kind: 'none' } as const);
    if (need.kind === 'leads') rescored = rescoreLeads(db, need.ids, now()).scored;
    else if (need.kind === 'all') rescoreAll = need.versionId;
    setSyncState(db, 'cursor', JSON.stringify(next));
    if (knownHub === null) markOriginsRead(db);
    setSyncState(db, 'hub_id', info.hubId);
    setSyncState(db, 'seen_horizon', horizonKey);
    setSyncState(db, 'last_sync_at', String(now()));
  })();
  return {
    pushed,
    pulled: fields.length,
    applied,
    conflicts: conflictCount(db).total - before,
    fullResync,
    pending: pendingCount(db),
    refused,
    refusedTotal: refusedCount(db),
    rescored,
    rescoreAll,
    at: now(),
  };
}

/**
 * After a full resync: rows this workspace had synced that the hub no longer holds were purged
 * tombstones. A row none of whose fields was ever on the hub is not one of them: it exists only
 * here (a change the hub refused made it, set aside), and dropping it would lose its only copy.
 */
function dropPurged(db: Db, fields: readonly PulledField[]): number {
  const onHub = new Set(fields.map((f) => `${f.tbl}\u0000${f.rowId}`));
  const gone = allClockedRows(db).filter((r) => {
    if (onHub.has(`${r.tbl}\u0000${r.rowId}`)) return false;
    const clocks = getRowClocks(db, r.tbl, r.rowId);
    return clocks !== null && Object.values(clocks).some((c) => c[2] !== null);
  });
  return gone.length ? applyPurged(db, gone) : 0;
}
