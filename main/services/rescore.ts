import { reachedLevelNote, repFor } from '../../shared/domain/handoff-note.js';
import type { Db } from '../db/connection.js';
import { now } from '../db/ids.js';
import * as scores from '../db/scores.repo.js';
import { rescoreWriter, suspendLeadScoreIndexes } from '../db/scores-rescore-write.repo.js';
import { handoffWriter, pendingLeadIds } from '../db/handoffs-write.repo.js';
import { workerScoreSource } from '../jobs/score-worker-host.js';
import { AppError } from '../../shared/errors.js';
import { get as getVersion } from './criteria.js';
import { applyDueReopens } from './recycle.js';
import { phaseTimer, type Trace } from './phase-timer.js';
import { scoreLeads, type ScoreSource } from './rescore-scoring.js';

export interface RescoreOptions {
  asOf?: number;
  chunk?: number;
  onProgress?: (done: number, total: number) => void;
  isCancelled?: () => boolean;
  /** Time per phase, summed over the chunks (for the bench's breakdown). */
  trace?: Trace;
  /** Score in a second thread while this one writes; by default for workspaces of WORKER_FROM leads or more. */
  scoreInWorker?: boolean;
}

/** Below this many leads a second thread costs more to start than it saves. */
const WORKER_FROM = 20_000;
/** Once more than 1/this of the leads' scores are rewritten, rebuilding the scores index beats updating it. */
const INDEX_REBUILD_SHARE = 8;
/**
 * The share of leads whose current score changes above which the leads' indexes over it are rebuilt
 * instead (scores-rescore-write.repo.ts). At 1M leads, next-day rescores moving 47% of the leads
 * cost the same either way (in place 4.1-6.1 s CPU, rebuilding the two 3.9-5.9 s); a first rescore
 * after a week moves nearly all and saved ~2.4 s of 12.7. Judged on the share so far, once
 * LEAD_SHARE_SAMPLE leads are in: decay spreads the changes over the id range.
 */
const LEAD_INDEX_REBUILD_SHARE = 0.5;
const LEAD_SHARE_SAMPLE = 20_000;

/** The trace step that carries the score worker's own CPU time (its wall time overlaps the others'). */
export const SCORING_THREAD_CPU = 'scoring thread (its own CPU)';

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
  const asOf = opts.asOf ?? now();
  const chunk = opts.chunk ?? 2000;
  const isActive = version.status === 'active';
  const phase = phaseTimer(opts.trace);
  const checkCancelled = () => {
    if (opts.isCancelled?.()) throw new CancelledError();
  };
  const inWorker = opts.scoreInWorker ?? (!db.memory && scores.hasLeads(db, WORKER_FROM));
  const run = db.transaction(() => {
    // This connection holds the write lock (BEGIN IMMEDIATE), so the worker's snapshot is what this
    // transaction reads; it starts first and scores ahead while this thread applies the re-opens.
    const worker = inWorker ? workerScoreSource(db.name, version, asOf, chunk) : null;
    phase('start the scoring thread');
    try {
      // Recycled leads whose re-open date has come are nurture again, free to qualify anew.
      if (isActive) applyDueReopens(db, asOf);
      phase('apply due re-opens');
      const pending = isActive ? pendingLeadIds(db) : new Set<string>();
      const handoffs = handoffWriter(db, version, asOf, { weakMarkAtEnd: true, pendingLeads: pending });
      const reps = scores.salesReps(db);
      // New score rows are upserted; changed ones, and the leads' current scores, updated by rowid.
      const writer = scores.scoreWriter(db, version, asOf);
      const updates = rescoreWriter(db, asOf);
      const stateOf = scores.handoffState(db);
      const total = scores.liveLeadCount(db);
      // Only changed scores are written: the indexes over them are dropped and rebuilt in one sort
      // each once enough of them change, else kept and updated row by row.
      let restoreIndex: (() => void) | null = null;
      let restoreLeadIndexes: (() => void) | null = null;
      let written = 0;
      let leadsWritten = 0;
      phase('prepare');
      const source: ScoreSource = worker ? worker.ready() : scoreLeads(db, version, asOf, chunk, checkCancelled);
      phase(worker ? 'wait for the scoring thread to start' : 'start scoring');
      let done = 0;
      let mqls = 0;
      let created = 0;
      for (;;) {
        checkCancelled();
        const c = source.next();
        phase(inWorker ? 'wait for the scoring thread' : 'read leads and score');
        if (!c) break;
        const n = c.ids.length;
        // Decay moves scores all over the id range, so a chunk tells the share that will change.
        const changed = n - c.unchanged.reduce((a, u) => a + u, 0);
        if (
          restoreIndex === null &&
          inWorker &&
          (changed * INDEX_REBUILD_SHARE > n || written * INDEX_REBUILD_SHARE > total)
        ) {
          restoreIndex = scores.suspendScoreTotalIndex(db);
        }
        for (let i = 0; i < n; i++) {
          if (c.unchanged[i] === 1) continue;
          const dq = c.disqualifier[i]! >= 0 ? (version.rules[c.disqualifier[i]!]?.id ?? null) : null;
          const rowid = c.scoreRowid[i]!;
          if (rowid > 0) updates.updateScore(rowid, c.fit[i]!, c.engagement[i]!, c.total[i]!, c.level[i]!, dq, c.contributions[i]!);
          else writer.score(c.ids[i]!, c.fit[i]!, c.engagement[i]!, c.total[i]!, c.level[i]!, dq, c.contributions[i]!);
          written += 1;
        }
        writer.flush();
        updates.flush();
        phase('write scores');
        if (isActive) {
          let moved = 0;
          for (let i = 0; i < n; i++) if (c.leadTotal[i] !== c.total[i] || c.leadLevel[i] !== c.level[i]) moved += 1;
          const seen = done + n;
          if (
            restoreLeadIndexes === null &&
            inWorker &&
            seen >= Math.min(total, LEAD_SHARE_SAMPLE) &&
            leadsWritten + moved > seen * LEAD_INDEX_REBUILD_SHARE
          ) {
            restoreLeadIndexes = suspendLeadScoreIndexes(db);
          }
          for (let i = 0; i < n; i++) {
            const was = { total: c.leadTotal[i]!, level: c.leadLevel[i]! };
            if (updates.leadCurrent(c.leadRowid[i]!, was, c.total[i]!, c.level[i]!)) leadsWritten += 1;
          }
          phase('update changed leads');
          for (let i = 0; i < n; i++) {
            const level = c.level[i]!;
            if (level === null) continue;
            mqls += 1;
            // In a stage that takes no handoff (and that nothing here moves): no need to read its row.
            if (c.handoffCandidate[i] === 0) continue;
            // A pending handoff keeps the lead from another one whatever its stage (handoffWriter).
            if (pending.has(c.ids[i]!)) continue;
            // Read now, not from the worker's snapshot: the re-opens above moved some stages.
            const state = stateOf(c.leadRowid[i]!);
            if (!state) throw new AppError('internal', 'The rescore lost a lead it scored; nothing was changed.');
            // Still recycled after the re-opens above, which moved every one due by asOf: its re-open
            // date is later, so handOff would refuse it after a query of its decisions and moves.
            if (state.stage === 'recycled') continue;
            const lead = { id: c.ids[i]!, stage: state.stage, ownerId: state.ownerId, lead: {} };
            // The handoff needs the total and the level only: the contributions stay encoded.
            const total = c.total[i]!;
            if (handoffs.handOff(lead, { total, level }, repFor(lead.ownerId, reps, created), reachedLevelNote(level, total, version.number))) created += 1;
          }
          phase('handoffs');
        }
        done += n;
        opts.onProgress?.(done, total);
      }
      if (done !== total) throw new AppError('internal', 'The rescore missed leads; nothing was changed.');
      handoffs.finish();
      // Every score of the version now holds as of asOf, the ones left unwritten too (explain.ts).
      scores.markRescored(db, version.id, asOf);
      restoreIndex?.();
      phase('rebuild the scores (version, total) index');
      restoreLeadIndexes?.();
      phase("rebuild the leads' score indexes");
      const workerCpu = worker?.cpuMs();
      if (workerCpu != null) opts.trace?.(SCORING_THREAD_CPU, 0, Math.round(workerCpu));
      return { versionNumber: version.number, scored: done, mqls, handoffsCreated: created, cancelled: false as const };
    } finally {
      worker?.close();
    }
  });
  const summary = run.immediate();
  phase('commit');
  phase.flush();
  return summary;
}
