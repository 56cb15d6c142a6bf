import { backtestHandlers } from './backtest.handlers.js';
import { criteriaHandlers } from './criteria.handlers.js';
import { exportsHandlers } from './exports.handlers.js';
import { handoffsHandlers } from './handoffs.handlers.js';
import { Registry } from './handle.js';
import { importsHandlers } from './imports.handlers.js';
import { jobsHandlers } from './jobs.handlers.js';
import { leadsHandlers } from './leads.handlers.js';
import { outcomesHandlers } from './outcomes.handlers.js';
import { preferencesHandlers } from './preferences.handlers.js';
import { currencyHandlers } from './currency.handlers.js';
import { reasonsHandlers } from './reasons.handlers.js';
import { reportsHandlers } from './reports.handlers.js';
import { reviewsHandlers } from './reviews.handlers.js';
import { syncHandlers } from './sync.handlers.js';
import { usersHandlers } from './users.handlers.js';
import { workspaceHandlers } from './workspace.handlers.js';

/** Every handler the app serves; the same registry backs Electron IPC, the harness and the tests. */
export function createRegistry(): Registry {
  return new Registry([...workspaceHandlers, ...usersHandlers, ...leadsHandlers, ...criteriaHandlers, ...jobsHandlers, ...importsHandlers, ...exportsHandlers, ...outcomesHandlers, ...reportsHandlers, ...handoffsHandlers, ...reasonsHandlers, ...backtestHandlers, ...reviewsHandlers, ...syncHandlers, ...preferencesHandlers, ...currencyHandlers]);
}
