import { defaultRuleLabel } from '../../../shared/domain/rule-label.js';
import { TERRITORY } from './people.js';

/**
 * The two criteria versions of the demo story. v1 (retired after the first review) paid a lot for
 * webinar attendance and ignored seniority below director, so webinar MQLs without authority piled
 * up in the SAL inbox; v2 (active) cut webinar points, scored managers and shortened the SLA.
 *
 * Rule vocabulary as stored in criteria_rules:
 * - fit / disqualifier: `field` is a lead field (camelCase as in the leads contract; custom ones as
 *   `attributes.<key>`), `operator` one of equals, in, not_in, contains, starts_with, range, exists,
 *   missing; `value` JSON: a scalar, an array (in/not_in), {"min","max"} (range, either optional,
 *   both inclusive), null (exists/missing). String comparisons ignore case.
 * - engagement: `field` 'touchpoint.type', operator 'equals'; `points` per matching touchpoint,
 *   halved every `decay_half_life_days`, ignored after `window_days`, summed and then capped at `cap`.
 * - sql: what sales checks to call a lead sales-qualified (BANT); zero points, not part of the score.
 */

export type RuleKind = 'fit' | 'engagement' | 'disqualifier' | 'sql';
export type Operator = 'equals' | 'in' | 'not_in' | 'contains' | 'starts_with' | 'range' | 'exists' | 'missing';

export interface RuleDef {
  kind: RuleKind;
  label: string;
  field: string;
  operator: Operator;
  value: unknown;
  points: number;
  cap?: number;
  halfLifeDays?: number;
  windowDays?: number;
}

export interface Level {
  name: string;
  threshold: number;
}

export interface VersionDef {
  number: number;
  name: string;
  levels: Level[];
  slaHours: number;
  rationale: string;
  rules: RuleDef[];
}

const fit = (label: string, field: string, operator: Operator, value: unknown, points: number): RuleDef => ({
  kind: 'fit',
  label,
  field,
  operator,
  value,
  points,
});
const engage = (type: string, points: number, cap: number, halfLifeDays?: number, windowDays?: number): RuleDef => ({
  kind: 'engagement',
  // The app's default label for such a rule: the rule editor keeps it in step with the points and cap.
  label: defaultRuleLabel({ kind: 'engagement', field: 'touchpoint.type', operator: 'equals', value: type, points, cap })!,
  field: 'touchpoint.type',
  operator: 'equals',
  value: type,
  points,
  cap,
  ...(halfLifeDays !== undefined ? { halfLifeDays } : {}),
  ...(windowDays !== undefined ? { windowDays } : {}),
});
const disq = (label: string, field: string, operator: Operator, value: unknown): RuleDef => ({
  kind: 'disqualifier',
  label,
  field,
  operator,
  value,
  points: 0,
});
const sql = (label: string, field: string): RuleDef => ({
  kind: 'sql',
  label,
  field,
  operator: 'equals',
  value: true,
  points: 0,
});

const ICP_INDUSTRIES = ['Software', 'Financial services', 'Healthcare', 'Manufacturing'];
export const COMPETITOR_DOMAINS = ['pipewise.io', 'qualifyr.com', 'funnelforge.com'];

const COMMON_DISQUALIFIERS: RuleDef[] = [
  disq('Students', 'jobTitle', 'contains', 'student'),
  disq('Competitors', 'domain', 'in', COMPETITOR_DOMAINS),
  disq('Test sign-ups', 'email', 'starts_with', 'test'),
];
const BANT: RuleDef[] = [
  sql('Budget confirmed', 'bant.budget'),
  sql('Decision maker involved', 'bant.authority'),
  sql('Pain the product solves', 'bant.need'),
  sql('Buying within 6 months', 'bant.timing'),
];

export const V1: VersionDef = {
  number: 1,
  name: 'Launch criteria',
  levels: [
    { name: 'MQL-A', threshold: 65 },
    { name: 'MQL-B', threshold: 40 },
  ],
  slaHours: 48,
  rationale:
    'First shared definition: company size, industry and territory for fit; webinars, trials and demo requests for engagement.',
  rules: [
    fit('Mid-market and enterprise (200–5,000 employees)', 'employees', 'range', { min: 200, max: 5000 }, 10),
    fit('Large enterprise (over 5,000)', 'employees', 'range', { min: 5001 }, 5),
    fit('Small business (50–199)', 'employees', 'range', { min: 50, max: 199 }, 4),
    fit('ICP industry', 'industry', 'in', ICP_INDUSTRIES, 6),
    fit('In sales territory', 'country', 'in', [...TERRITORY], 3),
    fit('Director and above', 'seniority', 'in', ['director', 'vp', 'c_level'], 8),
    engage('demo_request', 30, 30),
    engage('free_trial', 20, 20, 60),
    engage('pricing_page', 10, 20, 14, 90),
    engage('webinar', 15, 30, 45, 180),
    engage('ebook', 5, 10, 30, 180),
    engage('landing_page', 3, 6, 14, 90),
    engage('newsletter', 2, 4, 30, 90),
    engage('visit', 2, 6, 7, 30),
    ...COMMON_DISQUALIFIERS,
    ...BANT,
  ],
};

export const V2: VersionDef = {
  number: 2,
  name: 'Q-review: authority matters',
  levels: [
    { name: 'MQL-A', threshold: 70 },
    { name: 'MQL-B', threshold: 40 },
  ],
  slaHours: 24,
  rationale:
    'Reps rejected 4 in 10 webinar MQLs for "Wrong persona / no authority". Webinar points cut from 15 to 8, managers now score, ' +
    'out-of-territory leads lose points, and the SLA is shortened to 24 hours now that the inbox is smaller.',
  rules: [
    fit('Mid-market and enterprise (200–5,000 employees)', 'employees', 'range', { min: 200, max: 5000 }, 10),
    fit('Large enterprise (over 5,000)', 'employees', 'range', { min: 5001 }, 6),
    fit('Small business (50–199)', 'employees', 'range', { min: 50, max: 199 }, 4),
    fit('ICP industry', 'industry', 'in', ICP_INDUSTRIES, 6),
    fit('In sales territory', 'country', 'in', [...TERRITORY], 3),
    fit('Outside sales territory', 'country', 'not_in', [...TERRITORY], -10),
    fit('Director and above', 'seniority', 'in', ['director', 'vp', 'c_level'], 10),
    fit('Manager', 'seniority', 'equals', 'manager', 5),
    fit('Head-of title', 'jobTitle', 'starts_with', 'head of', 2),
    fit('Revenue persona', 'jobTitle', 'contains', 'sales', 3),
    fit('Budget stated (10k+)', 'budget', 'range', { min: 10000 }, 4),
    fit('Budget field filled', 'budget', 'exists', null, 2),
    fit('Uses a CRM we integrate with', 'attributes.tech_stack', 'in', ['Salesforce', 'HubSpot'], 3),
    fit('No plan interest given', 'attributes.plan_interest', 'missing', null, -2),
    engage('demo_request', 30, 30),
    engage('free_trial', 20, 20, 60),
    engage('pricing_page', 10, 20, 14, 90),
    engage('webinar', 8, 16, 30, 180),
    engage('ebook', 5, 10, 30, 180),
    engage('landing_page', 3, 6, 14, 90),
    engage('newsletter', 2, 4, 30, 90),
    engage('ad', 1, 3, 7, 30),
    engage('visit', 2, 6, 7, 30),
    engage('email_open', 1, 3, 7, 30),
    ...COMMON_DISQUALIFIERS,
    ...BANT,
  ],
};
