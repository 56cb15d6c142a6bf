import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as handoffs from '../../main/services/handoffs.js';
import * as outcomes from '../../main/services/outcomes.js';
import { day, handoff, HOUR, lead, outcome, user, version } from '../helpers/report-builders.js';
import { createTestDb, type TestDb } from '../helpers/test-db.js';

/**
 * Many CRM exports have no lead name (X Education has neither name nor email): the inbox and the
 * outcomes list name such a lead by its email, else its CRM id, rather than a row of dashes.
 */
describe('a lead without a name in the lists', () => {
  let t: TestDb;
  beforeEach(() => {
    t = createTestDb();
  });
  afterEach(() => t.cleanup());

  it('is named by its email, else its external id; a named lead keeps its name', () => {
    const rep = user(t.db, 'Rita Rep');
    const v = version(t.db, 1, 'active');
    const at = day(2026, 9, 1);
    const mk = (name: string, email: string | null, externalId: string) => {
      const id = lead(t.db, { createdAt: at, employees: 10, country: 'NL' });
      t.db.prepare('UPDATE leads SET name = ?, email = ?, external_id = ? WHERE id = ?').run(name, email, externalId, id);
      handoff(t.db, { leadId: id, versionId: v, repId: rep, handedAt: at + HOUR, decision: 'accepted', decidedAt: at + 2 * HOUR, reasonId: null });
      outcome(t.db, { leadId: id, result: 'won', amount: 100, closedAt: at + 3 * HOUR });
      return id;
    };
    const named = mk('Ada Lovelace', 'ada@example.com', 'X-1');
    const byEmail = mk('', 'grace@example.com', 'X-2');
    const byId = mk('', null, '7927b2df-8bba-4d29-b9a2-b6e0beafe620');
    const expected = new Map([
      [named, 'Ada Lovelace'],
      [byEmail, 'grace@example.com'],
      [byId, '7927b2df-8bba-4d29-b9a2-b6e0beafe620'],
    ]);
    const inbox = handoffs.list(t.db, { filters: { repId: rep, status: 'accepted' } });
    expect(new Map(inbox.rows.map((r) => [r.leadId, r.leadName]))).toEqual(expected);
    const list = outcomes.list(t.db, {});
    expect(new Map(list.rows.map((r) => [r.leadId, r.leadName]))).toEqual(expected);
    // Sorted by lead, the list orders them as it names them.
    const sorted = handoffs.list(t.db, { filters: { repId: rep, status: 'accepted' }, sort: { column: 'leadName', dir: 'asc' } });
    expect(sorted.rows.map((r) => r.leadName)).toEqual(['7927b2df-8bba-4d29-b9a2-b6e0beafe620', 'Ada Lovelace', 'grace@example.com']);
  });
});
