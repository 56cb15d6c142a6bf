import type { Method } from './method.js';
import { backtest } from './backtest.js';
import { criteria } from './criteria.js';
import { currency } from './currency.js';
import { exportsApi } from './exports.js';
import { handoffs } from './handoffs.js';
import { imports } from './imports.js';
import { jobs } from './jobs.js';
import { leads } from './leads.js';
import { outcomes } from './outcomes.js';
import { preferences } from './preferences.js';
import { reasons } from './reasons.js';
import { reports } from './reports.js';
import { reviews } from './reviews.js';
import { suggest } from './suggest.js';
import { sync } from './sync.js';
import { users } from './users.js';
import { workspace } from './workspace.js';

export { backtest, criteria, currency, exportsApi, handoffs, imports, jobs, leads, outcomes, preferences, reasons, reports, reviews, suggest, sync, users, workspace };
export const contracts = { backtest, criteria, currency, exports: exportsApi, handoffs, imports, jobs, leads, outcomes, preferences, reasons, reports, reviews, suggest, sync, users, workspace } as const;

/** Every method of every domain: the preload allowlist and the handler registry both come from here. */
export const allMethods: readonly Method[] = Object.values(contracts).flatMap((domain) => Object.values(domain) as Method[]);
export const CHANNELS: readonly string[] = allMethods.map((m) => m.channel);
