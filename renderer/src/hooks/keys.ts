import type { LeadFilters, LeadListInput } from '../../../shared/contracts/leads.js';

/** Query keys: the first element names the table family, so a data:changed event can find them. */
export const keys = {
  workspace: ['workspace'] as const,
  workspaceInfo: () => ['workspace', 'info'] as const,
  leads: ['leads'] as const,
  leadList: (sort: LeadListInput['sort'], filters: LeadFilters) => ['leads', 'list', sort, filters] as const,
  leadCount: (filters: LeadFilters) => ['leads', 'count', filters] as const,
  lead: (id: string) => ['leads', 'get', id] as const,
  /** "Why is this an MQL?": depends on the lead, its scores and the active criteria version. */
  leadExplanations: ['leads', 'explain'] as const,
  leadExplanation: (id: string, asOf?: { versionId: string; at: number }) =>
    asOf ? (['leads', 'explain', id, asOf.versionId, asOf.at] as const) : (['leads', 'explain', id] as const),
  facets: () => ['leads', 'facets'] as const,
  users: ['users'] as const,
  userList: () => ['users', 'list'] as const,
  currentUser: () => ['users', 'current'] as const,
  criteria: ['criteria'] as const,
  criteriaList: () => ['criteria', 'list'] as const,
  criteriaVersion: (id: string) => ['criteria', 'get', id] as const,
  criteriaDiff: (fromId: string, toId: string) => ['criteria', 'diff', fromId, toId] as const,
  /** Rule previews count leads and touchpoints: stale when those change, not when versions do. */
  rulePreviews: ['criteria', 'preview'] as const,
  rulePreview: (rule: unknown) => ['criteria', 'preview', rule] as const,
  jobs: ['jobs'] as const,
  jobList: () => ['jobs', 'list'] as const,
};
