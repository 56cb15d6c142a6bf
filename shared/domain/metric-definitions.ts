import type { ReportName } from '../contracts/reports.js';

/**
 * One line per number the reports show, in English: the README and the CLI use this text; the UI
 * shows the catalogue's metric.<key> (and reportBasis.<name> for REPORT_DATE_BASIS), whose English
 * text a unit test (test/unit/i18n-data.test.ts) keeps equal to this, so the two cannot drift. A lead
 * "reached" a stage when any stage event took it into that stage or a later rung of the ladder
 * (MQL < SAL < SQL < won/lost; a rejection counts as MQL), the first time it did.
 */
export const METRIC_DEFINITIONS = {
  // funnel (date range: lead created)
  cohort: 'Month (UTC) in which the lead was created.',
  leads: 'Live leads created in the cohort month (deleted leads excluded).',
  mql: 'Leads of the cohort that reached MQL: handed to sales, whatever happened next.',
  sal: 'Leads of the cohort that a rep accepted (or that got further: SQL, opportunity, won, lost).',
  sql: 'Leads of the cohort that sales qualified as an opportunity (SQL or further).',
  won: 'Leads of the cohort with at least one live won outcome.',
  leadToMql: 'MQL / leads of the cohort.',
  mqlToSal: 'SAL / MQL of the cohort.',
  salToSql: 'SQL / SAL of the cohort.',
  sqlToWon: 'Won / SQL of the cohort.',
  cumulativeMql: 'MQL / leads of the cohort (share of all leads that got this far).',
  cumulativeSal: 'SAL / leads of the cohort.',
  cumulativeSql: 'SQL / leads of the cohort.',
  cumulativeWon: 'Won / leads of the cohort.',
  // velocity (date range: lead created)
  velocityN: 'Leads that reached both stages of the step (first time each).',
  medianDays: 'Median days from the first time the lead reached the earlier stage to the first time it reached the later one.',
  p80Days: '80th percentile of those days: 8 leads in 10 made the step at least this fast.',
  leadToMqlStep: 'From lead creation to MQL.',
  mqlToSalStep: 'From MQL (handoff) to acceptance.',
  salToSqlStep: 'From acceptance to SQL.',
  sqlToWonStep: 'From SQL to the close date of the first won outcome.',
  leadToWonStep: 'From lead creation to the close date of the first won outcome.',
  // offers (date range: lead created)
  attribution:
    'First touch: the offer that brought the lead in (its first offer). Last touch: its last touchpoint with an offer at or before the MQL, else its first offer.',
  mqls: 'MQLs attributed to the offer (or to the campaign, channel or landing page of the attributed offer).',
  salRate: 'SAL % = accepted MQLs / MQLs.',
  sqlRate: 'SQL % = MQLs that became SQL / MQLs.',
  wonRate: 'Won % = MQLs with a won outcome / MQLs.',
  revenue: 'Sum of the amounts of the won outcomes of those MQLs, as recorded (currencies are not converted).',
  revenuePerMql: 'Revenue / MQLs.',
  cost: 'Recorded cost: the offer\u2019s cost; a campaign\u2019s own cost plus its offers\u2019; a channel\u2019s or landing page\u2019s the sum of its campaigns and offers. Not prorated to the date range.',
  costPerMql: 'Cost / MQLs.',
  cac: 'Cost per won deal (CAC) = cost / won MQLs.',
  roi: 'ROI = (revenue \u2212 cost) / cost.',
  // reasons (date range: rejection decided, loss closed)
  rejectionCount: 'Rejected handoffs with this reason, decided in the date range.',
  lossCount: 'Lost outcomes with this loss reason, closed in the date range.',
  share: 'Count / all rejections (or losses) in the filter.',
  cumulativeShare: 'Running total of the share, largest reason first (the Pareto line).',
  // lift (date range: lead created; population: MQLs)
  ruleMatch:
    'A fit or disqualifier rule matches on the lead\u2019s fields; an engagement rule when any touchpoint at or before the MQL matches it (caps, decay and windows aside). SQL-checklist rules are listed, not analysed.',
  liftN: 'MQLs that match the rule (or have the field value).',
  winRate: 'Won MQLs / MQLs in the group.',
  otherWinRate: 'Win rate of the MQLs that do not match.',
  interval: 'Wilson 95% interval of the win rate.',
  lift: 'Win rate when it matches / win rate when it does not; above 1 the rule picks winners.',
  // calibration (date range: lead created)
  decile: 'Tenth of the leads scored under the version, by current score (1 = lowest; equal scores split by when they were stored).',
  calibrationWinRate: 'Leads of the decile with a won outcome / leads of the decile.',
  meanScore: 'Mean current score of the decile under the version.',
  // sla (date range: handed off)
  handoffs: 'Handoffs to the rep made in the date range.',
  pendingBreached: 'Still pending and past the SLA due time at the report time.',
  decidedLate: 'Decided after the SLA due time.',
  breached: 'Pending past due plus decided late.',
  breachRate: 'Breached / handoffs with an SLA due time.',
  hoursToDecision: 'Hours from handoff to the rep\u2019s decision (median and 80th percentile) of decided handoffs.',
} as const satisfies Record<string, string>;

export type MetricKey = keyof typeof METRIC_DEFINITIONS;

/** What each report's date range filters on. */
export const REPORT_DATE_BASIS: Record<ReportName, string> = {
  funnel: 'lead created',
  velocity: 'lead created',
  offers: 'lead created',
  reasons: 'rejection decided / loss closed',
  lift: 'lead created',
  calibration: 'lead created',
  sla: 'handed off',
};
