import { leads } from '../../shared/contracts/leads.js';
import * as service from '../services/leads.js';
import { explain, explainAsOf } from '../services/explain.js';
import { handle } from './handle.js';

export const leadsHandlers = [
  handle(leads.list, (input, { db }) => service.list(db, input)),
  handle(leads.count, (input, { db }) => ({ count: service.count(db, input.filters) })),
  handle(leads.get, (input, { db }) => service.get(db, input.id)),
  handle(leads.facets, (_input, { db }) => service.facets(db)),
  handle(leads.explain, (input, { db }) =>
    input.asOf ? explainAsOf(db, input.id, input.asOf.versionId, input.asOf.at) : explain(db, input.id),
  ),
];
