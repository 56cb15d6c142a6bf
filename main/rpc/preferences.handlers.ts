import { preferences } from '../../shared/contracts/preferences.js';
import * as service from '../services/preferences.js';
import { handle } from './handle.js';

export const preferencesHandlers = [
  handle(preferences.get, (_input, { db }) => service.get(db)),
  handle(preferences.set, (input, { db }) => service.set(db, input)),
];
