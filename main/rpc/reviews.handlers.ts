import { reviews } from '../../shared/contracts/reviews.js';
import { AppError } from '../../shared/errors.js';
import { packHtml } from '../services/review-pack.js';
import * as service from '../services/reviews.js';
import * as proposals from '../services/reviews-proposals.js';
import { handle } from './handle.js';
import { gatherPendingEvidence } from './reviews-evidence.js';
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
  // The proposal is attached at once; its backtest and suggestion follow as a job with progress and Cancel.
  handle(reviews.addProposal, (input, ctx) => {
    const review = proposals.addProposal(ctx.db, input.id, input.versionId, input.title, { evidence: 'later' });
    gatherPendingEvidence(ctx, input.id);
    return changed(ctx, review);
  }),
  handle(reviews.draftFromCandidate, (input, ctx) => {
    const review = proposals.draftFromCandidate(ctx.db, input.id, input.key, { evidence: 'later', locale: input.locale ?? 'en' });
    gatherPendingEvidence(ctx, input.id);
    return changed(ctx, review, ['reviews', 'criteria_versions']);
  }),
  handle(reviews.gatherEvidence, (input, ctx) => {
    const jobId = gatherPendingEvidence(ctx, input.id);
    if (!jobId) throw new AppError('conflict', 'Every proposal of this review has its evidence already.');
    return { jobId };
  }),
  handle(reviews.decide, (input, ctx) => changed(ctx, proposals.decide(ctx.db, input.id, input.proposalId, input.decision, input.reason), ['reviews', 'criteria_versions'])),
  handle(reviews.addAction, (input, ctx) => changed(ctx, service.addAction(ctx.db, input.id, input))),
  handle(reviews.setActionDone, (input, ctx) => changed(ctx, service.setActionDone(ctx.db, input.id, input.itemId, input.done))),
  handle(reviews.removeAction, (input, ctx) => changed(ctx, service.removeAction(ctx.db, input.id, input.itemId))),
  handle(reviews.forVersion, (input, { db }) => proposals.forVersion(db, input.versionId)),
  handle(reviews.pack, (input, { db }) => packHtml(db, input.id, { locale: input.locale ?? 'en' })),
  // The desktop shell replaces this handler with one that prints its window (main/ipc.ts, savePdfListener).
  handle(reviews.savePdf, () => {
    throw new AppError('conflict', 'Saving a PDF directly needs the desktop app; use Print / save as PDF in the browser.');
  }),
];
