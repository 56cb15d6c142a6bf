import { outcomes } from '../../shared/contracts/outcomes.js';
import * as service from '../services/outcomes.js';
import type { Ctx } from './context.js';
import { handle } from './handle.js';

/** An outcome moves its lead's stage and every revenue figure: other windows and views refresh. */
const changed = <T>(ctx: Ctx, tables: string[], value: T): T => {
  ctx.emit('data:changed', { tables });
  return value;
};
const OUTCOME_TABLES = ['outcomes', 'leads', 'stage_events', 'handoffs'];

export const outcomesHandlers = [
  handle(outcomes.list, (input, { db }) => service.list(db, input)),
  handle(outcomes.get, (input, { db }) => service.get(db, input.id)),
  handle(outcomes.create, (input, ctx) => changed(ctx, OUTCOME_TABLES, service.create(ctx.db, input))),
  handle(outcomes.update, (input, ctx) => changed(ctx, OUTCOME_TABLES, service.update(ctx.db, input.id, input.patch))),
  handle(outcomes.remove, (input, ctx) => changed(ctx, OUTCOME_TABLES, service.remove(ctx.db, input.id))),
  handle(outcomes.createLossReason, (input, ctx) => changed(ctx, ['loss_reasons'], service.createLossReason(ctx.db, input))),
  handle(outcomes.updateLossReason, (input, ctx) =>
    changed(ctx, ['loss_reasons'], service.updateLossReason(ctx.db, input.id, input.patch)),
  ),
  handle(outcomes.deactivateLossReason, (input, ctx) => changed(ctx, ['loss_reasons'], service.deactivateLossReason(ctx.db, input.id))),
];
