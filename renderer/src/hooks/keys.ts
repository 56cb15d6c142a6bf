import type { LeadFilters, LeadListInput } from '../../../shared/contracts/leads.js';

/** Query keys: the first element names the table family, so a data:changed event can find them. */
export const keys = {
  workspace: ['workspace'] as const,
  workspaceInfo: () => ['workspace', 'info'] as const,
  leads: ['leads'] as const,
  leadList: (sort: LeadListInput['sort'], filters: LeadFilters) => ['leads', 'list', sort, filters] as const,
  leadCount: (filters: LeadFilters) => ['leads', 'count', filters] as const,
  lead: (id: string) => ['leads', 'get', id] as const,
  facets: () => ['leads', 'facets'] as const,
  users: ['users'] as const,
  userList: () => ['users', 'list'] as const,
  currentUser: () => ['users', 'current'] as const,
};
