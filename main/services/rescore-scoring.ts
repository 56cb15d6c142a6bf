import type { Db } from '../db/connection.js';
import * as scores from '../db/scores.repo.js';
import type { ScoringVersion } from '../../shared/domain/criteria.js';
import { encodeContributions } from '../../shared/domain/contribution-codec.js';
import { compileVersion, scoreCompact, type ScoringTouchpoint } from '../../shared/domain/scoring.js';
import { canMove } from '../../shared/domain/stage-machine.js';
import type { Stage } from '../../shared/contracts/common.js';

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
  /** 1 where the stored score under this version is this one, field for field: nothing to write. */
  unchanged: Uint8Array;
  /** Rowid of the lead's stored score row under this version, or 0 when it has none yet. */
  scoreRowid: Float64Array;
  /** The lead's rowid and the current score its row holds (leads.score_total, score_level). */
  leadRowid: Float64Array;
  leadTotal: Float64Array;
  leadLevel: (string | null)[];
  /**
   * 0 where the lead's stage as read cannot take a handoff (sal, sql, opportunity, won, disqualified)
   * and cannot change before the writer reaches the lead: only the rescore's own re-opens move stages
   * before that (recycled ones), and a handoff moves only its own lead. The writer skips these
   * without reading the lead's row again.
   */
  handoffCandidate: Uint8Array;
}

export interface ScoreSource {
  /** The next chunk, or null after the last. */
  next(): ScoredChunk | null;
  close(): void;
}

/** The fields the version's rules read: scoring gives the same result without the other columns. */
const ruleFields = (v: ScoringVersion) => v.rules.map((r) => r.field);

/**
 * Score every live lead of the workspace on this connection, chunk by chunk, in id order: each chunk
 * of leads (keyset) with its touchpoints, read from the covering touchpoints_lead index over the
 * chunk's id range, so scoring starts with the first chunk and memory stays flat. Runs in the
 * rescore's own thread or, for big workspaces, in the score worker on a second connection
 * (main/jobs/score-worker.ts) while the rescore's thread writes. `checkCancelled` throws to stop.
 *
 * A lead's touchpoints come ordered by time (ties by the index's next columns): a tie is two
 * touchpoints of the same age, which earn a rule the same points whatever their order.
 */
export function scoreLeads(
  db: Db,
  version: ScoringVersion,
  asOf: number,
  chunk: number,
  checkCancelled: () => void,
): ScoreSource {
  const compiled = compileVersion(version);
  const fields = ruleFields(version);
  const types = fields.includes('offer.type') ? scores.offerTypes(db) : new Map<string, string>();
  const reader = scores.leadsToScore(db, fields);
  const touchRows = scores.touchpointsOfLeads(db, fields);
  const storedRows = scores.storedScoresOfLeads(db, version.id);
  return {
    next(): ScoredChunk | null {
      checkCancelled();
      const leads = reader.next(chunk);
      const n = leads.length;
      if (n === 0) return null;
      const rows = touchRows(leads[0]!.id, leads[n - 1]!.id);
      const out: ScoredChunk = {
        ids: new Array<string>(n),
        fit: new Float64Array(n),
        engagement: new Float64Array(n),
        total: new Float64Array(n),
        level: new Array<string | null>(n),
        disqualifier: new Int32Array(n),
        contributions: new Array<string>(n),
        unchanged: new Uint8Array(n),
        scoreRowid: new Float64Array(n),
        leadRowid: new Float64Array(n),
        leadTotal: new Float64Array(n),
        leadLevel: new Array<string | null>(n),
        handoffCandidate: new Uint8Array(n),
      };
      // Rows come grouped by lead in the leads' own order; a row whose lead is not the next one
      // (a deleted lead's, in the range) is found by id, not by comparing strings in JS's order.
      let position: Map<string, number> | null = null;
      const touches: ScoringTouchpoint[][] = Array.from({ length: n }, () => []);
      let p = 0;
      for (const r of rows) {
        const leadId = r[0];
        if (leadId !== leads[p]?.id) {
          position ??= new Map(leads.map((l, i) => [l.id, i]));
          const q = position.get(leadId);
          if (q === undefined) continue;
          p = q;
        }
        const offerId = r[2];
        touches[p]!.push({
          type: r[1],
          offerId,
          offerType: offerId ? (types.get(offerId) ?? null) : null,
          campaignId: r[3],
          channel: r[4],
          occurredAt: r[5],
        });
      }
      const stored = new Map(storedRows(leads[0]!.id, leads[n - 1]!.id).map((r) => [r[0], r]));
      for (let i = 0; i < n; i++) {
        const s = scoreCompact(compiled, leads[i]!.lead, touches[i]!, asOf);
        const contributions = encodeContributions(s.contributions);
        out.ids[i] = leads[i]!.id;
        out.leadRowid[i] = leads[i]!.rowid;
        out.leadTotal[i] = leads[i]!.scoreTotal;
        out.leadLevel[i] = leads[i]!.scoreLevel;
        const stage = leads[i]!.stage as Stage;
        out.handoffCandidate[i] = stage === 'recycled' || canMove(stage, 'qualify') ? 1 : 0;
        out.fit[i] = s.fit;
        out.engagement[i] = s.engagement;
        out.total[i] = s.total;
        out.level[i] = s.level;
        out.disqualifier[i] = s.disqualifier;
        out.contributions[i] = contributions;
        const was = stored.get(leads[i]!.id);
        const dq = s.disqualifier >= 0 ? (version.rules[s.disqualifier]?.id ?? null) : null;
        out.scoreRowid[i] = was?.[7] ?? 0;
        out.unchanged[i] =
          was !== undefined &&
          was[1] === s.fit &&
          was[2] === s.engagement &&
          was[3] === s.total &&
          was[4] === s.level &&
          was[5] === dq &&
          was[6] === contributions
            ? 1
            : 0;
      }
      return out;
    },
    close: () => undefined,
  };
}
