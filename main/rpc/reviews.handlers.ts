import { reviews } from '../../shared/contracts/reviews.js';
import { AppError } from '../../shared/errors.js';
import { packHtml } from '../services/review-pack.js';
import * as service from '../services/reviews.js';
import * as proposals from '../services/reviews-proposals.js';
import { handle } from './handle.js';
import type { Ctx } from './context.js';

const changed = <T>(ctx: Ctx, value: T, tables: string[] = ['reviews']): T => {
  ctx.emit('data:changed', { tables });
  return value;
};

export const reviewsHandlers = [
  handle(reviews.list, (_input, { db }) => service.list(db)),
  handle(reviews.get, (input, { db }) => service.get(db, input.id)),
  handle(reviews.create, (input, ctx) => changed(ctx, service.create(ctx.db, input.quarter))),
  handle(reviews.moveItem, (input, ctx) => changed(ctx, service.moveItem(ctx.db, input.id, input.itemId, input.to))),
  handle(reviews.removeItem, (input, ctx) => changed(ctx, service.removeItem(ctx.db, input.id, input.itemId))),
  handle(reviews.addItem, (input, ctx) => changed(ctx, service.addItem(ctx.db, input.id, input.title))),
  handle(reviews.setNote, (input, ctx) => changed(ctx, service.setNote(ctx.db, input.id, input.itemId, input.note))),
  handle(reviews.setAttendees, (input, ctx) => changed(ctx, service.setAttendees(ctx.db, input.id, input.userIds))),
  handle(reviews.setStatus, (input, ctx) => changed(ctx, service.setStatus(ctx.db, input.id, input.status))),
  handle(reviews.addProposal, (input, ctx) => changed(ctx, proposals.addProposal(ctx.db, input.id, input.versionId, input.title))),
  handle(reviews.draftFromCandidate, (input, ctx) => changed(ctx, proposals.draftFromCandidate(ctx.db, input.id, input.key), ['reviews', 'criteria_versions'])),
  handle(reviews.decide, (input, ctx) => changed(ctx, proposals.decide(ctx.db, input.id, input.proposalId, input.decision, input.reason), ['reviews', 'criteria_versions'])),
  handle(reviews.addAction, (input, ctx) => changed(ctx, service.addAction(ctx.db, input.id, input))),
  handle(reviews.setActionDone, (input, ctx) => changed(ctx, service.setActionDone(ctx.db, input.id, input.itemId, input.done))),
  handle(reviews.removeAction, (input, ctx) => changed(ctx, service.removeAction(ctx.db, input.id, input.itemId))),
  handle(reviews.forVersion, (input, { db }) => proposals.forVersion(db, input.versionId)),
  handle(reviews.pack, (input, { db }) => packHtml(db, input.id)),
  // The desktop shell replaces this handler with one that prints its window (main/ipc.ts, savePdfListener).
  handle(reviews.savePdf, () => {
    throw new AppError('conflict', 'Saving a PDF directly needs the desktop app; use Print / save as PDF in the browser.');
  }),
];
