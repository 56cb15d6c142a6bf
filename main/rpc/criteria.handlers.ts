import { criteria } from '../../shared/contracts/criteria.js';
import * as service from '../services/criteria.js';
import { jobsFor } from '../jobs/runner.js';
import { previewRule } from '../services/rule-preview.js';
import { handle } from './handle.js';
import type { Ctx } from './context.js';

const changed = <T>(ctx: Ctx, value: T): T => {
  ctx.emit('data:changed', { tables: ['criteria_versions'] });
  return value;
};

export const criteriaHandlers = [
  handle(criteria.list, (_input, { db }) => service.list(db)),
  handle(criteria.get, (input, { db }) => service.get(db, input.id)),
  handle(criteria.createDraft, (input, ctx) => changed(ctx, service.createDraft(ctx.db, input))),
  handle(criteria.updateDraft, (input, ctx) => changed(ctx, service.updateDraft(ctx.db, input.id, input.patch))),
  handle(criteria.saveRule, (input, ctx) => changed(ctx, service.saveRule(ctx.db, input.versionId, input.rule))),
  handle(criteria.removeRule, (input, ctx) => changed(ctx, service.removeRule(ctx.db, input.versionId, input.ruleId))),
  handle(criteria.propose, (input, ctx) => changed(ctx, service.propose(ctx.db, input.id))),
  handle(criteria.decide, (input, ctx) => changed(ctx, service.decide(ctx.db, input.id, input.decision, input.comment))),
  handle(criteria.activate, (input, ctx) => {
    const v = service.activate(ctx.db, input.id, input.effectiveFrom);
    // Going live rescores every lead under the new version, in the background.
    if (v.status === 'active') jobsFor(ctx).start('rescore', { versionId: v.id });
    return changed(ctx, v);
  }),
  handle(criteria.rescore, (input, ctx) => {
    service.get(ctx.db, input.id);
    return { jobId: jobsFor(ctx).start('rescore', { versionId: input.id }).jobId };
  }),
  handle(criteria.exportVersion, (input, { db }) => service.exportVersion(db, input.id, input.format)),
  handle(criteria.importVersion, (input, ctx) => changed(ctx, service.importVersion(ctx.db, input.content))),
  handle(criteria.preview, (input, { db }) => previewRule(db, input.rule)),
  handle(criteria.diff, (input, { db }) => service.diff(db, input.fromId, input.toId)),
];
