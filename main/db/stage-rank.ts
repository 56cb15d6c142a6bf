import { STAGE_ORDER } from '../../shared/domain/stages.js';

/**
 * The stage's place in the funnel as SQL. Built from constants only; the index in migration 0002 and
 * the leads query must use this exact text (unqualified column) for SQLite to match the index.
 */
export const STAGE_RANK_SQL = `(CASE stage ${STAGE_ORDER.map((s, i) => `WHEN '${s}' THEN ${i}`).join(' ')} END)`;
