import { currency } from '../../shared/contracts/currency.js';
import * as service from '../services/currency.js';
import { handle } from './handle.js';
import type { Ctx } from './context.js';

// Revenue in every report moves with these: the insights and review views refetch.
const changed = <T>(ctx: Ctx, value: T): T => {
  ctx.emit('data:changed', { tables: ['currency', 'outcomes'] });
  return value;
};

export const currencyHandlers = [
  handle(currency.get, (_input, { db }) => service.get(db)),
  handle(currency.setReporting, (input, ctx) => changed(ctx, service.setReporting(ctx.db, input.code))),
  handle(currency.setRate, (input, ctx) => changed(ctx, service.setRate(ctx.db, input.code, input.rate))),
  handle(currency.removeRate, (input, ctx) => changed(ctx, service.removeRate(ctx.db, input.code))),
];
