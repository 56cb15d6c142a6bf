import { z } from 'zod';
import { method } from './method.js';
import { EmptySchema } from './common.js';
import { JobProgressSchema } from './events.js';

export const JobStartedSchema = z.object({ jobId: z.string() });

export const jobs = {
  list: method('jobs:list', EmptySchema, z.array(JobProgressSchema)),
  cancel: method('jobs:cancel', z.object({ jobId: z.string().min(1).max(64) }).strict(), z.object({ cancelled: z.boolean() })),
};
