import { workspace } from '../../shared/contracts/workspace.js';
import * as service from '../services/workspace.js';
import { handle } from './handle.js';

export const workspaceHandlers = [
  handle(workspace.info, (_input, { db, path }) => service.info(db, path)),
  handle(workspace.stats, (_input, { db }) => service.stats(db)),
];
