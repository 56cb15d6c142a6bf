import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { newId } from '../../main/db/ids.js';
import { rescore } from '../../main/services/rescore.js';
import * as handoffs from '../../main/services/handoffs.js';
import { loopWorld, type LoopWorld } from './handoff-fixtures.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** A lost deal goes back to marketing: the rescore hands it to sales again only after new activity. */
describe('rescore and lost leads', () => {
  let w: LoopWorld;
  let at: number;
  beforeEach(() => {
    w = loopWorld({ perRep: 2 });
    at = w.handedAt + 5 * HOUR;
    w.as(w.rita);
  });
  afterEach(() => w.t.cleanup());

  const stage = (leadId: string) => w.db.prepare('SELECT stage FROM leads WHERE id = ?').pluck().get(leadId);
  const pending = (leadId: string) =>
    w.db.prepare(`SELECT count(*) FROM handoffs WHERE lead_id = ? AND decision = 'pending' AND deleted = 0`).pluck().get(leadId);

  it('is not handed off on the points that led to the lost deal, and is once it engages again', () => {
    const lead = handoffs.decide(w.db, w.handoffs.rita[0]!, { decision: 'accept' }, at).leadId;
    const lostAt = at + DAY;
    w.db.prepare(`UPDATE leads SET stage = 'lost', updated_at = ? WHERE id = ?`).run(lostAt, lead);
    w.db
      .prepare(`INSERT INTO stage_events (id, lead_id, from_stage, to_stage, at, why, created_at) VALUES (?, ?, 'sal', 'lost', ?, 'Deal lost', ?)`)
      .run(newId(), lead, lostAt, lostAt);

    // Still at an MQL level on its old activity: no new handoff, however often it is rescored.
    const before = rescore(w.db, w.versionId, { asOf: lostAt + DAY });
    expect(w.db.prepare('SELECT score_level FROM leads WHERE id = ?').pluck().get(lead)).not.toBeNull();
    expect(before.handoffsCreated).toBe(0);
    expect(stage(lead)).toBe('lost');

    // A visit after the loss is new engagement: the next rescore makes it an MQL again.
    w.db
      .prepare(`INSERT INTO touchpoints (id, lead_id, type, occurred_at, created_at, updated_at) VALUES (?, ?, 'visit', ?, ?, ?)`)
      .run(newId(), lead, lostAt + 2 * DAY, lostAt + 2 * DAY, lostAt + 2 * DAY);
    expect(rescore(w.db, w.versionId, { asOf: lostAt + 3 * DAY }).handoffsCreated).toBe(1);
    expect(stage(lead)).toBe('mql');
    expect(pending(lead)).toBe(1);
  });
});
