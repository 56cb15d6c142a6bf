import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createIntl } from 'react-intl';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as handoffs from '../../main/services/handoffs.js';
import * as outcomes from '../../main/services/outcomes.js';
import { applyDueReopens } from '../../main/services/recycle.js';
import { defaultReasonId } from '../../renderer/src/i18n/reason-labels.js';
import { parseStageWhy } from '../../renderer/src/i18n/stage-why.js';
import { loopWorld, reasonId, type LoopWorld } from './handoff-fixtures.js';

/*
 * The lead drawer translates a stage event's why by recognising the sentences main writes. This
 * drives the real services through every decision they record and checks each why they wrote is
 * recognised and reads back word for word through the English catalogue: a reworded service
 * sentence fails here instead of silently showing English in every language.
 */
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const en = JSON.parse(readFileSync(join('shared/i18n', 'en.json'), 'utf8')) as Record<string, string>;
const intl = createIntl({ locale: 'en', messages: en, onError: (e) => { throw e; } });

describe('stage-event whys the services write', () => {
  let w: LoopWorld;
  beforeEach(() => {
    w = loopWorld({ perRep: 3 });
  });
  afterEach(() => w.t.cleanup());

  it('are each recognised by the drawer and read back unchanged in English', () => {
    const at = w.handedAt + 5 * HOUR;
    w.as(w.rita);
    const [r0, r1, r2] = w.handoffs.rita as [string, string, string];
    // Accept with a comment, undo, accept again; tick the SQL checklist; open an opportunity; close it.
    handoffs.decide(w.db, r0, { decision: 'accept', comment: 'Good fit' }, at);
    handoffs.undo(w.db, r0, at + 1);
    handoffs.decide(w.db, r0, { decision: 'accept' }, at + 2);
    handoffs.setChecklist(w.db, r0, Object.fromEntries(w.sqlRuleIds.map((id) => [id, true])), at + 3);
    const opp = handoffs.openOpportunity(w.db, r0, at + 4);
    outcomes.create(w.db, { lead: { id: opp.leadId }, result: 'lost', closedAt: at + 5 });
    // Recycle with a date, and the re-open when it comes; disqualify; undo a rejection.
    handoffs.decide(w.db, r1, { decision: 'reject', reasonId: reasonId(w.db, 'bad_timing'), reopenAt: at + 30 * DAY }, at);
    expect(applyDueReopens(w.db, at + 31 * DAY)).toBe(1);
    handoffs.decide(w.db, r2, { decision: 'reject', reasonId: reasonId(w.db, 'outside_icp') }, at);
    w.as(w.ravi);
    const [v0, v1] = w.handoffs.ravi as [string, string];
    handoffs.decide(w.db, v0, { decision: 'reject', reasonId: reasonId(w.db, 'invalid_contact') }, at);
    handoffs.undo(w.db, v0, at + 1);
    handoffs.decide(w.db, v1, { decision: 'reject', reasonId: reasonId(w.db, 'duplicate'), rerouteToRepId: w.rita }, at);

    const events = w.db.prepare('SELECT to_stage AS toStage, why FROM stage_events WHERE why IS NOT NULL').all() as { toStage: string; why: string }[];
    const seen = new Set<string>();
    for (const { toStage, why } of events) {
      if (toStage === 'rejected') {
        expect(defaultReasonId('rejection', why), why).not.toBeNull();
        seen.add('rejected');
        continue;
      }
      const p = parseStageWhy(why);
      expect(p, `not recognised: ${why}`).not.toBeNull();
      expect(intl.formatMessage({ id: p!.id }, p!.values)).toBe(why);
      seen.add(p!.id);
    }
    // Every path above wrote its own sentence (so a shape the services stopped writing shows up too).
    expect([...seen].sort()).toEqual(
      [
        'rejected',
        'stageWhy.reached',
        'stageWhy.acceptedComment',
        'stageWhy.undoAccept',
        'stageWhy.accepted',
        'stageWhy.sqlChecklist',
        'stageWhy.opportunityOpened',
        'stageWhy.nurtureUntil',
        'stageWhy.reopened',
        'stageWhy.disqualified',
        'stageWhy.undoReject',
        'stageWhy.rerouted',
        'stageWhy.closed',
      ].sort(),
    );
  });
});
