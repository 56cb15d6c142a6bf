import type { Db } from '../db/connection.js';
import * as scores from '../db/scores.repo.js';
import type { ScoringVersion } from '../../shared/domain/criteria.js';
import { encodeContributions } from '../../shared/domain/contribution-codec.js';
import { compileVersion, scoreCompact } from '../../shared/domain/scoring.js';
import { TouchpointsByLead, type TouchpointsPart } from './touchpoints-by-lead.js';

/**
 * The scores of a run of consecutive leads (in id order), column by column: plain arrays and typed
 * arrays, so a chunk crosses to another thread by a cheap structured clone.
 */
export interface ScoredChunk {
  ids: string[];
  fit: Float64Array;
  engagement: Float64Array;
  total: Float64Array;
  level: (string | null)[];
  /** Position in the version's rules of the disqualifier that fired, or -1. */
  disqualifier: Int32Array;
  /** Compact contributions, encoded for the scores table (contribution-codec.ts). */
  contributions: string[];
}

export interface ScoreSource {
  /** Live leads to score (known once the touchpoints are read). */
  readonly total: number;
  /** The next chunk, or null after the last. */
  next(): ScoredChunk | null;
  close(): void;
}

/** The fields the version's rules read: scoring gives the same result without the other columns. */
const ruleFields = (v: ScoringVersion) => v.rules.map((r) => r.field);

/** The touchpoints with rowids in [fromRowid, toRowid), collected over the live leads (a share of the scan). */
function scanTouchpoints(
  db: Db,
  version: ScoringVersion,
  ids: readonly string[],
  range: { fromRowid: number; toRowid: number },
  checkCancelled: () => void,
  expected = range.toRowid - range.fromRowid,
): TouchpointsByLead {
  // Rowids are dense but for hard deletes, so the range bounds the count (capped: a sparse table grows instead).
  const touches = new TouchpointsByLead(ids, scores.offerTypes(db), Math.min(expected, 1 << 24));
  scores.eachTouchpoint(db, ruleFields(version), range, (...t) => {
    if ((touches.size & 0xffff) === 0) checkCancelled();
    touches.add(...t);
  });
  return touches;
}

/** The rescore thread's share of the scan when a worker scores: the upper half of the rowids. */
export function scanUpperHalf(db: Db, version: ScoringVersion, checkCancelled: () => void): TouchpointsPart {
  const r = scores.touchpointRowids(db);
  return scanTouchpoints(
    db,
    version,
    scores.liveLeadIds(db),
    { fromRowid: r.middle, toRowid: r.end },
    checkCancelled,
  ).part();
}

/**
 * Score every live lead of the workspace on this connection, chunk by chunk, in id order: the
 * touchpoints are read first in one sequential scan (see TouchpointsByLead), then the leads by
 * keyset. Runs in the rescore's own thread or, for big workspaces, in the score worker on a second
 * connection (main/jobs/score-worker.ts), which scans the lower half of the rowids while the rescore's
 * thread scans the upper half (`upperHalf` waits for that part). `checkCancelled` throws to stop; it
 * is called while the touchpoints are read (the longest step before the first chunk).
 */
export function scoreLeads(
  db: Db,
  version: ScoringVersion,
  asOf: number,
  chunk: number,
  checkCancelled: () => void,
  upperHalf?: () => TouchpointsPart,
): ScoreSource {
  const compiled = compileVersion(version);
  const ids = scores.liveLeadIds(db);
  const r = scores.touchpointRowids(db);
  const touches = scanTouchpoints(
    db,
    version,
    ids,
    { fromRowid: r.first, toRowid: upperHalf ? r.middle : r.end },
    checkCancelled,
    r.end - r.first, // room for the other thread's half too: it is appended without growing the arrays
  );
  if (upperHalf) touches.append(upperHalf());
  touches.finish();
  const fields = ruleFields(version);
  const reader = scores.leadsToScore(db, fields);
  let done = 0;
  return {
    total: ids.length,
    next(): ScoredChunk | null {
      if (done >= ids.length) return null;
      const leads = reader.next(chunk);
      const n = leads.length;
      const out: ScoredChunk = {
        ids: new Array<string>(n),
        fit: new Float64Array(n),
        engagement: new Float64Array(n),
        total: new Float64Array(n),
        level: new Array<string | null>(n),
        disqualifier: new Int32Array(n),
        contributions: new Array<string>(n),
      };
      leads.forEach((l, i) => {
        // One transaction, one order: the chunk is the next slice of `ids`.
        if (l.id !== ids[done + i]) throw new Error(`Rescore read lead ${l.id} out of order.`);
        const s = scoreCompact(compiled, l.lead, touches.of(done + i), asOf);
        out.ids[i] = l.id;
        out.fit[i] = s.fit;
        out.engagement[i] = s.engagement;
        out.total[i] = s.total;
        out.level[i] = s.level;
        out.disqualifier[i] = s.disqualifier;
        out.contributions[i] = encodeContributions(s.contributions);
      });
      done += n;
      if (n === 0) done = ids.length;
      return n === 0 ? null : out;
    },
    close: () => undefined,
  };
}
