import type { Database } from 'better-sqlite3';
import { STAGE_RANK_SQL } from '../stage-rank.js';

/** Sort leads by where they are in the funnel, from an index (keyset paging needs (key, id) ordered). */
export function up(db: Database): void {
  db.exec(`CREATE INDEX leads_stage_rank ON leads(${STAGE_RANK_SQL}, id)`);
}
