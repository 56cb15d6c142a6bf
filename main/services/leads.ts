import type { Db } from '../db/connection.js';
import type { LeadDetail, LeadFacets, LeadFilters, LeadPage } from '../../shared/contracts/leads.js';
import { AppError } from '../../shared/errors.js';
import {
  countLeads,
  getLeadDetail,
  leadFacets,
  listLeads,
  listStageEvents,
  listTouchpoints,
  type ListLeadsQuery,
} from '../db/leads.repo.js';

export const list = (db: Db, q: ListLeadsQuery): LeadPage => listLeads(db, q);
export const count = (db: Db, filters: LeadFilters): number => countLeads(db, filters);
export const facets = (db: Db): LeadFacets => leadFacets(db);

export function get(db: Db, id: string): LeadDetail {
  const lead = getLeadDetail(db, id);
  if (!lead) throw new AppError('not_found', `No lead with id ${id}.`);
  return { ...lead, touchpoints: listTouchpoints(db, id), stageEvents: listStageEvents(db, id) };
}
