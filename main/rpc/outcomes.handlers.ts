import { outcomes } from '../../shared/contracts/outcomes.js';
import * as service from '../services/outcomes.js';
import { handle } from './handle.js';

export const outcomesHandlers = [
  handle(outcomes.list, (input, { db }) => service.list(db, input)),
  handle(outcomes.get, (input, { db }) => service.get(db, input.id)),
  handle(outcomes.create, (input, { db }) => service.create(db, input)),
  handle(outcomes.update, (input, { db }) => service.update(db, input.id, input.patch)),
  handle(outcomes.remove, (input, { db }) => service.remove(db, input.id)),
  handle(outcomes.createLossReason, (input, { db }) => service.createLossReason(db, input)),
  handle(outcomes.updateLossReason, (input, { db }) => service.updateLossReason(db, input.id, input.patch)),
  handle(outcomes.deactivateLossReason, (input, { db }) => service.deactivateLossReason(db, input.id)),
];
