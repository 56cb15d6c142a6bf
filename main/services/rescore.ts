import type { Db } from '../db/connection.js';
import { now } from '../db/ids.js';
import { countLeads } from '../db/leads.repo.js';
import * as scores from '../db/scores.repo.js';
import { handoffWriter } from '../db/handoffs-write.repo.js';
import { compileVersion, scoreCompiled } from '../../shared/domain/scoring.js';
import { AppError } from '../../shared/errors.js';
import { get as getVersion } from './criteria.js';
import { applyDueReopens } from './recycle.js';

export interface RescoreOptions {
  asOf?: number;
  chunk?: number;
  onProgress?: (done: number, total: number) => void;
  isCancelled?: () => boolean;
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
  return db.transaction(() => {
    const total = countLeads(db, {});
    const offerTypes = scores.offerTypes(db);
    const writer = scores.scoreWriter(db, versionId, asOf);
    // Recycled leads whose re-open date has come are nurture again, free to qualify anew.
    if (isActive) applyDueReopens(db, asOf);
    const handoffs = handoffWriter(db, version, asOf);
    const reps = scores.salesReps(db);
    let after = '';
    let done = 0;
    let mqls = 0;
    let created = 0;
    for (;;) {
      if (opts.isCancelled?.()) throw new CancelledError();
      const leads = scores.leadChunk(db, after, chunk);
      if (leads.length === 0) break;
      const touches = scores.touchpointsInRange(db, leads[0]!.id, leads[leads.length - 1]!.id, offerTypes);
      for (const l of leads) {
        const s = scoreCompiled(compiled, l.lead, touches.get(l.id) ?? [], asOf);
        writer.score(l.id, s);
        if (!isActive) continue;
        writer.leadCurrent(l.id, s);
        if (s.level === null) continue;
        mqls += 1;
        const rep = l.ownerId ?? (reps.length ? reps[created % reps.length]! : null);
        if (handoffs.handOff(l, s, rep, `Reached ${s.level} (${s.total} points) under version ${version.number}`)) created += 1;
      }
      done += leads.length;
      after = leads[leads.length - 1]!.id;
      opts.onProgress?.(done, total);
    }
    return { versionNumber: version.number, scored: done, mqls, handoffsCreated: created, cancelled: false as const };
  })();
}
