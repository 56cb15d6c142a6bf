import type { OfferType, Role, Team } from '../../../shared/contracts/common.js';

export const HOUR = 3_600_000;
export const DAY = 86_400_000;

export interface DemoOptions {
  /** How many leads to create (default 20,000). */
  leads?: number;
  /** Same seed and endDate ⇒ the very same rows, ids included. */
  seed?: number | string;
  /** Average touchpoints per lead, the inquiry included (default 5). */
  touchpointsPerLead?: number;
  /** The history covers the 12 months before this instant (default: start of the current UTC month). */
  endDate?: number;
  /** Called about every 1 % of the work: (done, total, phase). */
  onProgress?: (done: number, total: number, phase: DemoPhase) => void;
  /** Checked between batches; an abort rolls everything back and rejects with the signal's reason. */
  signal?: AbortSignal;
}

export type DemoPhase = 'catalog' | 'leads' | 'search-index' | 'merge' | 'commit';

export interface DemoSummary {
  seed: string;
  startDate: number;
  endDate: number;
  counts: Record<string, number>;
  ms: number;
}

export interface DemoUser {
  id: string;
  name: string;
  email: string;
  team: Team;
  role: Role;
}

export interface DemoCampaign {
  id: string;
  name: string;
  channel: string;
  cost: number;
  startsAt: number | null;
  endsAt: number | null;
}

export interface DemoOffer {
  id: string;
  name: string;
  type: OfferType;
  campaign: DemoCampaign;
  landingPage: string | null;
  cost: number;
  /** Relative popularity among offers of its type. */
  weight: number;
}

export interface ReasonRef {
  id: string;
  code: string;
  label: string;
  action: 'disqualify' | 'recycle' | 'reroute';
  reopenKind: 'date' | 'renewal' | null;
}

/**
 * What happened to a simulated lead, in the terms a backtest reads back from the rows: its first
 * handoff (the demo makes at most one), when it reached the SQL rung, its won deal.
 */
export interface LeadFate {
  handedAt: number | null;
  decision: 'pending' | 'accepted' | 'rejected' | null;
  reason: ReasonRef | null;
  sqlAt: number | null;
  wonAt: number | null;
  revenue: number;
}

export interface LossReasonRef {
  id: string;
  code: string;
}

/** A lead as the simulation sees it; the column values of the leads row. */
export interface DemoLead {
  id: string;
  seq: number;
  externalId: string;
  email: string;
  name: string;
  company: string;
  domain: string;
  country: string;
  industry: string;
  employees: number;
  jobTitle: string;
  seniority: string;
  budget: number | null;
  source: string;
  firstOffer: DemoOffer;
  attributes: Readonly<Record<string, string>>;
  attributesJson: string;
  createdAt: number;
  /** 0..1, how much buying intent drives this lead's engagement (never stored). */
  intent: number;
}

/** One touchpoint while its lead is simulated; `kind` indexes TouchKinds (offer, channel, page...). */
export interface DemoTouch {
  kind: number;
  type: string;
  at: number;
  value: number | null;
}
