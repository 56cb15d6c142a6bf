import { backtest } from '../../shared/contracts/backtest.js';
import { suggest } from '../../shared/contracts/suggest.js';
import { AppError } from '../../shared/errors.js';
import { jobsFor } from '../jobs/runner.js';
import { probabilityCurve } from '../services/backtest-probability.js';
import { backtestStore } from '../services/backtest-store.js';
import { get as getVersion } from '../services/criteria.js';
import { createDraftFromSuggestion } from '../services/suggest-draft.js';
import { suggestStore } from '../services/suggest-store.js';
import { handle } from './handle.js';

export const backtestHandlers = [
  handle(backtest.start, (input, ctx) => {
    getVersion(ctx.db, input.versionId);
    if (input.compareToId) getVersion(ctx.db, input.compareToId);
    const { jobId, done } = jobsFor(ctx).start('backtest', input);
    backtestStore(ctx.db).track(jobId, done);
    return { jobId };
  }),
  handle(backtest.result, (input, { db }) => {
    const entry = backtestStore(db).get(input.jobId);
    if (!entry) throw new AppError('not_found', `No backtest ${input.jobId} in this session.`);
    return entry;
  }),
  handle(backtest.latest, (input, { db }) => backtestStore(db).latest(input.versionId)),
  handle(backtest.probability, (input, { db }) => probabilityCurve(db, input.versionId)),
  handle(suggest.start, (input, ctx) => {
    const runner = jobsFor(ctx);
    const { jobId, done } = runner.start('suggest', input);
    suggestStore(ctx.db).track(jobId, input, done, () => runner.list().find((j) => j.jobId === jobId)?.phase === 'cancelled');
    return { jobId };
  }),
  handle(suggest.result, (input, { db }) => {
    const entry = suggestStore(db).get(input.jobId);
    if (!entry) throw new AppError('not_found', `No suggestion ${input.jobId} in this session.`);
    return entry;
  }),
  handle(suggest.createDraft, (input, ctx) => {
    // From the finished job when there is one, so the draft is the suggestion shown (and the main process does not learn it all again).
    const learnt = input.jobId ? suggestStore(ctx.db).resultFor(input.jobId, input.params) : undefined;
    const r = createDraftFromSuggestion(ctx.db, input.params, input.name, learnt);
    ctx.emit('data:changed', { tables: ['criteria_versions'] });
    return r;
  }),
];
