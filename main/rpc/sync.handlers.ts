import { sync } from '../../shared/contracts/sync.js';
import { markConflictsSeen } from '../db/sync-clocks.repo.js';
import * as session from '../sync/session.js';
import { handle } from './handle.js';

export const syncHandlers = [
  handle(sync.status, (_input, ctx) => session.status(ctx)),
  handle(sync.connect, (input, ctx) => session.connect(ctx, input)),
  handle(sync.disconnect, (_input, ctx) => session.disconnect(ctx)),
  handle(sync.now, (_input, ctx) => session.syncNow(ctx)),
  handle(sync.conflicts, (input, ctx) => session.conflicts(ctx, input.limit)),
  handle(sync.refused, (_input, ctx) => session.refusedChanges(ctx)),
  handle(sync.retryRefused, (input, ctx) => session.retry(ctx, input.seq)),
  handle(sync.discardRefused, (input, ctx) => session.discard(ctx, input.seq, input.deleteOnlyCopy)),
  handle(sync.markSeen, (_input, ctx) => {
    markConflictsSeen(ctx.db);
    ctx.emit('data:changed', { tables: ['sync'] });
    return { ok: true as const };
  }),
];
