import { jobs } from '../../shared/contracts/jobs.js';
import { jobsFor } from '../jobs/runner.js';
import { handle } from './handle.js';

export const jobsHandlers = [
  handle(jobs.list, (_input, ctx) => jobsFor(ctx).list()),
  handle(jobs.cancel, (input, ctx) => ({ cancelled: jobsFor(ctx).cancel(input.jobId) })),
];
