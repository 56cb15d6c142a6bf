import { reasons } from '../../shared/contracts/reasons.js';
import * as service from '../services/reasons.js';
import { handle } from './handle.js';
import type { Ctx } from './context.js';

const changed = <T>(ctx: Ctx, value: T): T => {
  ctx.emit('data:changed', { tables: ['rejection_reasons'] });
  return value;
};

export const reasonsHandlers = [
  handle(reasons.list, (input, { db }) => service.list(db, input.includeInactive)),
  handle(reasons.create, (input, ctx) => changed(ctx, service.create(ctx.db, input))),
  handle(reasons.update, (input, ctx) => changed(ctx, service.update(ctx.db, input.id, input.patch))),
  handle(reasons.remove, (input, ctx) => {
    service.remove(ctx.db, input.id);
    return changed(ctx, { ok: true as const });
  }),
  handle(reasons.reorder, (input, ctx) => changed(ctx, service.reorder(ctx.db, input.ids))),
  handle(reasons.lossList, (input, { db }) => service.lossList(db, input.includeInactive)),
];
