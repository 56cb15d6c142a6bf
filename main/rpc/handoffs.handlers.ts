import { handoffs } from '../../shared/contracts/handoffs.js';
import * as service from '../services/handoffs.js';
import * as reports from '../services/handoffs-reports.js';
import { handle } from './handle.js';
import type { Ctx } from './context.js';

const changed = <T>(ctx: Ctx, value: T): T => {
  ctx.emit('data:changed', { tables: ['handoffs', 'leads', 'stage_events'] });
  return value;
};

export const handoffsHandlers = [
  handle(handoffs.inbox, (input, { db }) => service.inbox(db, input)),
  handle(handoffs.list, (input, { db }) => service.list(db, input)),
  handle(handoffs.get, (input, { db }) => service.get(db, input.id)),
  handle(handoffs.decide, (input, ctx) => changed(ctx, service.decide(ctx.db, input.id, input.decision))),
  handle(handoffs.decideMany, (input, ctx) => changed(ctx, service.decideMany(ctx.db, input.ids, input.decision))),
  handle(handoffs.undo, (input, ctx) => changed(ctx, service.undo(ctx.db, input.id))),
  handle(handoffs.undoMany, (input, ctx) => changed(ctx, service.undoMany(ctx.db, input.ids))),
  handle(handoffs.setChecklist, (input, ctx) => changed(ctx, service.setChecklist(ctx.db, input.id, input.checklist))),
  handle(handoffs.openOpportunity, (input, ctx) => changed(ctx, service.openOpportunity(ctx.db, input.id))),
  handle(handoffs.slaByRep, (input, { db }) => reports.slaByRep(db, input.filters)),
  handle(handoffs.pareto, (input, { db }) => reports.pareto(db, input.filters, input.splitBy)),
  handle(handoffs.drill, (input, { db }) => reports.drill(db, input)),
  handle(handoffs.acceptanceTrend, (input, { db }) => reports.acceptanceTrend(db, input.filters)),
  handle(handoffs.slaSettings, (_input, { db }) => service.slaSettings(db)),
  handle(handoffs.setSlaSettings, (input, ctx) => {
    const s = service.setSlaSettings(ctx.db, input);
    ctx.emit('data:changed', { tables: ['meta'] });
    return s;
  }),
];
