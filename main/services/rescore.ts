import type { Db } from '../db/connection.js';
import { now } from '../db/ids.js';
import { countLeads } from '../db/leads.repo.js';
import * as scores from '../db/scores.repo.js';
import { compileVersion, scoreCompiled } from '../../shared/domain/scoring.js';
import { AppError } from '../../shared/errors.js';
import { get as getVersion } from './criteria.js';

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

/** Stages from which reaching an MQL level hands the lead to sales. */
const HANDOFF_FROM = new Set(['suspect', 'lead', 'recycled']);

export class CancelledError extends AppError {
  constructor() {
    super('conflict', 'Rescore cancelled; nothing was changed.');
  }
}

/**
 * Score every lead under a version, in one transaction (a cancel or crash leaves the workspace as it
 * was). Under the active version, leads that newly reach an MQL level get a handoff stamped with the
 * version and the score; a lead already handed off under this version is left alone.
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
    const handoffs = scores.handoffWriter(db, version, asOf);
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
        if (!HANDOFF_FROM.has(l.stage)) continue;
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
