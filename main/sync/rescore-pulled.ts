import type { Db } from '../db/connection.js';
import { activeVersionId } from '../db/criteria.repo.js';
import { handoffWriter } from '../db/handoffs-write.repo.js';
import * as scores from '../db/scores.repo.js';
import { isRuleOfVersion, leadOfTouchpoint, leadScoreState, leadsOfOffers, liveLeadCount } from '../db/sync-rescore.repo.js';
import { reachedLevelNote, repFor } from '../../shared/domain/handoff-note.js';
import { encodeContributions } from '../../shared/domain/contribution-codec.js';
import { compileVersion, expandScore, scoreCompact } from '../../shared/domain/scoring.js';
import { get as getVersion } from '../services/criteria.js';
import type { PulledField } from './hub-client.js';
import { survivor } from './merge.js';

/**
 * Scores are derived, never synced: each laptop computes them. A pull that brings leads or
 * touchpoints used to leave them unscored (score 0, no MQL handoff) until someone rescored by hand,
 * and a pull that put another version live left every score under the old one. After a pull, the
 * leads it touched are scored under the active version in the sync's own transaction, and MQLs among
 * them are handed off as a rescore would (the handoff's name-based id makes the same row on every
 * laptop, migration 0012). A pulled change of an offer's type rescores the leads with touchpoints of
 * that offer (an engagement rule may test offer.type, which the touchpoint takes from its offer). A pull that changes what every score depends on (the active version, its
 * rules) or touches more leads than scoring each is worth asks for a full rescore instead.
 */

/**
 * Scoring a lead by itself costs about 0.2 ms (its row, its touchpoints, the score and lead writes);
 * a full rescore about 0.03 ms a lead at 200k leads, 0.09 ms at 2k (one scan; measured on the CI
 * machine). So the touched leads are scored one by one while they are under a sixth of the
 * workspace (or a few hundred), and a full rescore is asked for beyond.
 */
const EACH_ALWAYS_UP_TO = 200;
const EACH_SHARE = 6;

export type RescoreNeed = { kind: 'none' } | { kind: 'leads'; ids: string[] } | { kind: 'all'; versionId: string };

/** What the fields just applied mean for the scores; call after applying them, in the same transaction. */
export function rescoreNeed(db: Db, fields: readonly PulledField[], activeBefore: string | null): RescoreNeed {
  const active = activeVersionId(db);
  if (active === null) return { kind: 'none' };
  if (active !== activeBefore) return { kind: 'all', versionId: active };
  const leads = new Set<string>();
  const touchpoints = new Set<string>();
  const offers = new Set<string>();
  for (const f of fields) {
    if (f.tbl === 'criteria_versions' && f.rowId === active && f.col === 'levels') return { kind: 'all', versionId: active };
    if (f.tbl === 'criteria_rules' && isRuleOfVersion(db, f.rowId, active)) return { kind: 'all', versionId: active };
    if (f.tbl === 'leads') leads.add(f.rowId);
    else if (f.tbl === 'touchpoints') touchpoints.add(f.rowId);
    else if (f.tbl === 'offers' && f.col === 'type') offers.add(f.rowId);
  }
  for (const lead of leadsOfOffers(db, [...offers])) leads.add(lead);
  for (const t of touchpoints) {
    const lead = leadOfTouchpoint(db, t);
    if (lead !== undefined) leads.add(lead);
  }
  const ids = [...new Set([...leads].map((id) => survivor(db, 'leads', id)))].sort();
  if (ids.length === 0) return { kind: 'none' };
  if (ids.length > EACH_ALWAYS_UP_TO && ids.length * EACH_SHARE > liveLeadCount(db)) return { kind: 'all', versionId: active };
  return { kind: 'leads', ids };
}

/**
 * Score these leads under the active version, as a rescore scores each (scores row, the lead's
 * current score, a handoff for an MQL the handoff rule lets through). Returns how many were scored.
 */
export function rescoreLeads(db: Db, ids: readonly string[], asOf: number): { scored: number; handoffsCreated: number } {
  const versionId = activeVersionId(db);
  if (versionId === null || ids.length === 0) return { scored: 0, handoffsCreated: 0 };
  const version = getVersion(db, versionId);
  const compiled = compileVersion(version);
  const types = scores.offerTypes(db);
  const writer = scores.scoreWriter(db, version, asOf);
  const handoffs = handoffWriter(db, version, asOf);
  const reps = scores.salesReps(db);
  let scored = 0;
  let created = 0;
  for (const id of ids) {
    const lead = scores.leadForScoring(db, id);
    const state = leadScoreState(db, id);
    if (!lead || !state) continue; // deleted meanwhile: a rescore skips it too
    const touches = scores.touchpointsInRange(db, id, id, types).get(id) ?? [];
    const s = scoreCompact(compiled, lead.lead, touches, asOf);
    const dq = s.disqualifier >= 0 ? (version.rules[s.disqualifier]?.id ?? null) : null;
    writer.score(id, s.fit, s.engagement, s.total, s.level, dq, encodeContributions(s.contributions));
    writer.leadCurrent({ ...lead, ...state }, s.total, s.level);
    scored++;
    if (s.level === null) continue;
    const full = expandScore(version.rules, s);
    if (handoffs.handOff(lead, full, repFor(lead.ownerId, reps, created), reachedLevelNote(full.level!, full.total, version.number))) created++;
  }
  writer.flush();
  return { scored, handoffsCreated: created };
}
