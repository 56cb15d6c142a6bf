import { exportsApi } from '../../shared/contracts/exports.js';
import { exportLeads } from '../services/export.js';
import { handle } from './handle.js';

export const exportsHandlers = [handle(exportsApi.leadsCsv, (input, { db, path }) => exportLeads(db, path, input))];
