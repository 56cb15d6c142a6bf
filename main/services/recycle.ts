import type { Db } from '../db/connection.js';
import { dueReopens, insertStageEvent, setLeadStage } from '../db/handoffs-write.repo.js';
import { now } from '../db/ids.js';
import { moveStage } from '../../shared/domain/stage-machine.js';

/**
 * Recycled leads come back to nurture (stage "lead") at their re-open date, so the next rescore can
 * hand them off again as a new pass. Run when a workspace opens and before every rescore; running it
 * twice does nothing more. One transaction.
 */
export function applyDueReopens(db: Db, at = now()): number {
  const run = () => {
    const due = dueReopens(db, at);
    for (const d of due) {
      const to = moveStage('recycled', 'reopen');
      const why = `Back in nurture: re-open date ${new Date(d.until).toISOString().slice(0, 10)} reached`;
      // The move is dated when the lead became due, so the history reads in the order things happened.
      const when = Math.min(at, Math.max(d.until, 0));
      insertStageEvent(db, { leadId: d.id, from: 'recycled', to, at: when, by: null, why, handoffId: d.handoff_id });
      setLeadStage(db, d.id, to, at);
    }
    return due.length;
  };
  return db.inTransaction ? run() : db.transaction(run)();
}
