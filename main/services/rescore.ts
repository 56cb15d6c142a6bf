import type { Db } from '../db/connection.js';
import { now } from '../db/ids.js';
import { countLeads } from '../db/leads.repo.js';
import * as scores from '../db/scores.repo.js';
import { handoffWriter } from '../db/handoffs-write.repo.js';
import { compileVersion, expandScore, scoreCompact, type CompactScore } from '../../shared/domain/scoring.js';
import { AppError } from '../../shared/errors.js';
import { get as getVersion } from './criteria.js';
import { applyDueReopens } from './recycle.js';
import { phaseTimer, type Trace } from './phase-timer.js';

export interface RescoreOptions {
  asOf?: number;
  chunk?: number;
  onProgress?: (done: number, total: number) => void;
  isCancelled?: () => boolean;
  /** Time per phase, summed over the chunks (for the bench's breakdown). */
  trace?: Trace;
}

export interface RescoreSummary {
  versionNumber: number;
  scored: number;
  mqls: number;
  handoffsCreated: number;
  cancelled: false;
}

export class CancelledError extends AppError {
  constructor() {
    super('conflict', 'Rescore cancelled; nothing was changed.');
  }
}

/**
 * Score every lead under a version, in one transaction (a cancel or crash leaves the workspace as it
 * was). Under the active version, leads that newly reach an MQL level get a handoff stamped with the
 * version and the score; the handoff rule (handoffs-write.repo.ts) leaves alone a lead with a pending
 * handoff, one in the sales ladder, disqualified or won, or recycled before its re-open date.
 */
export function rescore(db: Db, versionId: string, opts: RescoreOptions = {}): RescoreSummary {
  const version = getVersion(db, versionId);
  const compiled = compileVersion(version);
  const asOf = opts.asOf ?? now();
  const chunk = opts.chunk ?? 2000;
  const isActive = version.status === 'active';
  const phase = phaseTimer(opts.trace);
  const run = db.transaction(() => {
    const total = countLeads(db, {});
    const reader = scores.scoringReader(db);
    const writer = scores.scoreWriter(db, version, asOf);
    // Recycled leads whose re-open date has come are nurture again, free to qualify anew.
    if (isActive) applyDueReopens(db, asOf);
    const handoffs = handoffWriter(db, version, asOf);
    const reps = scores.salesReps(db);
    phase('prepare');
    let done = 0;
    let mqls = 0;
    let created = 0;
    const results: CompactScore[] = [];
    for (;;) {
      if (opts.isCancelled?.()) throw new CancelledError();
      const leads = reader.next(chunk);
      phase('read leads and touchpoints');
      if (leads.length === 0) break;
      results.length = 0;
      for (const l of leads) results.push(scoreCompact(compiled, l.lead, l.touchpoints, asOf));
      phase('score');
      leads.forEach((l, i) => writer.score(l.id, results[i]!));
      phase('write scores');
      if (isActive) {
        leads.forEach((l, i) => writer.leadCurrent(l, results[i]!));
        phase('update changed leads');
        leads.forEach((l, i) => {
          const c = results[i]!;
          if (c.level === null) return;
          mqls += 1;
          const s = expandScore(compiled.rules, c);
          const rep = l.ownerId ?? (reps.length ? reps[created % reps.length]! : null);
          if (handoffs.handOff(l, s, rep, `Reached ${s.level} (${s.total} points) under version ${version.number}`)) created += 1;
        });
        phase('handoffs');
      }
      done += leads.length;
      opts.onProgress?.(done, total);
    }
    return { versionNumber: version.number, scored: done, mqls, handoffsCreated: created, cancelled: false as const };
  });
  const summary = run();
  phase('commit');
  phase.flush();
  return summary;
}
