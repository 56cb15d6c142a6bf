import type { Stage } from '../contracts/common.js';

/** The lifecycle ladder in order; sorting by stage follows the funnel, not the alphabet. */
export const STAGE_ORDER: readonly Stage[] = [
  'suspect',
  'lead',
  'mql',
  'sal',
  'sql',
  'opportunity',
  'won',
  'lost',
  'rejected',
  'recycled',
  'disqualified',
];
