import type { Db } from './connection.js';
import { ROLLUP_COLUMNS, rollupRowSql } from './migrations/0011-rollup-upserts.js';
import { convertAmountSums } from './migrations/0023-reporting-currency.js';

/**
 * lead_rollup is kept by triggers (migrations 0006 and 0011). This recomputes it from the source tables in one
 * set-based statement: for a bulk path that chooses to drop the triggers, and for the tests that
 * check the triggers against it.
 */
export function rebuildRollup(db: Db): number {
  return db.transaction(() => {
    db.prepare('DELETE FROM lead_rollup').run();
    return db.prepare(`INSERT INTO lead_rollup (${ROLLUP_COLUMNS}) ${convertAmountSums(rollupRowSql('1'))}`).run().changes;
  })();
}

/** The rollup as the triggers left it, in lead order (for comparisons). */
export function rollupRows(db: Db): unknown[][] {
  return db.prepare(`SELECT ${ROLLUP_COLUMNS} FROM lead_rollup ORDER BY lead_id`).raw().all() as unknown[][];
}

/** The rollup as the source tables say it should be, without writing. */
export function expectedRollupRows(db: Db): unknown[][] {
  return db.prepare(`SELECT * FROM (${convertAmountSums(rollupRowSql('1'))}) ORDER BY 1`).raw().all() as unknown[][];
}
