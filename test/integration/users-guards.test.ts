import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../../main/db/connection.js';
import { createRegistry } from '../../main/rpc/registry.js';
import * as users from '../../main/services/users.js';
import { AppError } from '../../shared/errors.js';
import { createTestDb, type TestDb } from '../helpers/test-db.js';

/*
 * The guards on roles in Settings, on a real workspace file: marketing and sales each keep an owner
 * (a version goes live only with both signatures), and once there is an owner only an owner changes
 * roles and teams or adds and removes owners. A refusal writes nothing: no row, no audit, no outbox.
 */

/** Everything a refused call could have touched. */
const snapshot = (db: Db) => ({
  users: db.prepare('SELECT * FROM users ORDER BY id').all(),
  audit: (db.prepare('SELECT count(*) AS n FROM audit').get() as { n: number }).n,
  outbox: (db.prepare('SELECT count(*) AS n FROM sync_outbox').get() as { n: number }).n,
  current: users.current(db)?.id ?? null,
});

function refusal(fn: () => unknown): AppError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(AppError);
    return e as AppError;
  }
  throw new Error('expected a refusal');
}

const LAST_MARKETING = 'Maria Marketing is the only marketing owner; make someone else a marketing owner first.';
const LAST_SALES = 'Sam Sales is the only sales owner; make someone else a sales owner first.';

describe('users: marketing and sales keep an owner', () => {
  let t: TestDb;
  let maria: string;
  let sam: string;
  let rita: string;
  beforeEach(() => {
    t = createTestDb();
    maria = users.create(t.db, { name: 'Maria Marketing', team: 'marketing', role: 'owner' }).id; // current: the first user
    sam = users.create(t.db, { name: 'Sam Sales', team: 'sales', role: 'owner' }).id;
    rita = users.create(t.db, { name: 'Rita Rep', email: 'rita@example.com', team: 'sales', role: 'member' }).id;
  });
  afterEach(() => t.cleanup());

  it('refuses to demote, move or remove the only owner of a team, naming the person and the team, and writes nothing', () => {
    const before = snapshot(t.db);
    const cases: [() => unknown, string, 'marketing' | 'sales'][] = [
      [() => users.update(t.db, maria, { role: 'member' }), LAST_MARKETING, 'marketing'],
      [() => users.update(t.db, maria, { team: 'sales' }), LAST_MARKETING, 'marketing'],
      [() => users.update(t.db, maria, { name: 'Maria M.', team: 'ops', role: 'member' }), LAST_MARKETING, 'marketing'],
      [() => users.update(t.db, sam, { role: 'member' }), LAST_SALES, 'sales'],
      [() => users.update(t.db, sam, { team: 'marketing' }), LAST_SALES, 'sales'],
      [() => users.remove(t.db, sam), LAST_SALES, 'sales'],
    ];
    for (const [fn, message, team] of cases) {
      const e = refusal(fn);
      expect(e.kind).toBe('conflict');
      expect(e.message).toBe(message);
      expect(e.details).toEqual({ code: 'last_owner', team });
    }
    expect(snapshot(t.db)).toEqual(before);
  });

  it('lets the change through once the team has another owner, and still allows name and email edits', () => {
    const auditBefore = snapshot(t.db).audit;
    expect(users.update(t.db, maria, { name: 'Maria M.', email: 'maria@example.com' })).toMatchObject({ role: 'owner', team: 'marketing' });
    // The role or team sent unchanged is no change.
    expect(users.update(t.db, sam, { role: 'owner', team: 'sales', name: 'Sam S.' })).toMatchObject({ name: 'Sam S.' });

    // Rita becomes a second sales owner; then Sam can step down, and later be removed.
    expect(users.update(t.db, rita, { role: 'owner' }).role).toBe('owner');
    expect(users.update(t.db, sam, { role: 'member' }).role).toBe('member');
    users.update(t.db, sam, { role: 'owner' });
    users.remove(t.db, sam);
    expect(users.list(t.db).map((u) => u.name)).toEqual(['Maria M.', 'Rita Rep']);
    // Rita is now the only sales owner: moving her is refused; an owner moving teams needs one left behind.
    expect(refusal(() => users.update(t.db, rita, { team: 'marketing' })).details).toEqual({ code: 'last_owner', team: 'sales' });

    // A second marketing owner lets Maria move to sales as an owner (marketing keeps one).
    const mia = users.create(t.db, { name: 'Mia', team: 'marketing', role: 'owner' }).id;
    expect(users.update(t.db, maria, { team: 'sales' })).toMatchObject({ team: 'sales', role: 'owner' });
    expect(refusal(() => users.remove(t.db, mia)).details).toEqual({ code: 'last_owner', team: 'marketing' });
    expect(snapshot(t.db).audit).toBe(auditBefore + 8);
  });

  it('does not hold ops to it, nor a team that never had an owner', () => {
    const olga = users.create(t.db, { name: 'Olga Ops', team: 'ops', role: 'owner' }).id;
    expect(users.update(t.db, olga, { role: 'member' }).role).toBe('member');
    users.update(t.db, olga, { role: 'owner' });
    users.remove(t.db, olga);

    const fresh = createTestDb();
    try {
      // Members only: nobody to lose, and nobody to ask; anyone sets teams and the first owner up.
      const ana = users.create(fresh.db, { name: 'Ana', team: 'marketing', role: 'member' }).id;
      const ben = users.create(fresh.db, { name: 'Ben', team: 'sales', role: 'member' }).id;
      expect(users.update(fresh.db, ben, { team: 'ops' }).team).toBe('ops');
      users.update(fresh.db, ben, { team: 'sales' });
      users.remove(fresh.db, ben);
      expect(users.update(fresh.db, ana, { role: 'owner' }).role).toBe('owner');
      // Sales still has no owner: a sales member comes and goes freely.
      const cem = users.create(fresh.db, { name: 'Cem', team: 'sales', role: 'member' }).id;
      expect(users.update(fresh.db, cem, { team: 'ops' }).team).toBe('ops');
    } finally {
      fresh.cleanup();
    }
  });
});

describe('users: only an owner changes roles and teams', () => {
  let t: TestDb;
  let maria: string;
  let sam: string;
  let rita: string;
  let ravi: string;
  beforeEach(() => {
    t = createTestDb();
    maria = users.create(t.db, { name: 'Maria Marketing', team: 'marketing', role: 'owner' }).id;
    sam = users.create(t.db, { name: 'Sam Sales', team: 'sales', role: 'owner' }).id;
    rita = users.create(t.db, { name: 'Rita Rep', team: 'sales', role: 'member' }).id;
    ravi = users.create(t.db, { name: 'Ravi Rep', team: 'sales', role: 'member' }).id;
    users.setCurrent(t.db, rita);
  });
  afterEach(() => t.cleanup());

  it('refuses a member who promotes themself, moves teams, changes another role, or adds or removes an owner, and writes nothing', () => {
    const before = snapshot(t.db);
    const cases: [() => unknown, RegExp][] = [
      [() => users.update(t.db, rita, { role: 'owner' }), /^Only an owner can change roles or teams; Rita Rep is a sales member\.$/],
      [() => users.update(t.db, rita, { team: 'marketing' }), /change roles or teams/],
      [() => users.update(t.db, ravi, { role: 'owner' }), /change roles or teams/],
      // Not "the only owner": a member may not try in the first place.
      [() => users.update(t.db, sam, { role: 'member' }), /change roles or teams/],
      [() => users.update(t.db, maria, { name: 'Maria M.', team: 'sales' }), /change roles or teams/],
      [() => users.create(t.db, { name: 'Eve', team: 'sales', role: 'owner' }), /^Only an owner can add an owner; Rita Rep/],
      [() => users.remove(t.db, sam), /^Only an owner can remove an owner; Rita Rep/],
    ];
    for (const [fn, message] of cases) {
      const e = refusal(fn);
      expect(e.kind).toBe('forbidden');
      expect(e.message).toMatch(message);
      expect(e.details).toEqual({ code: 'owner_only' });
    }
    expect(snapshot(t.db)).toEqual(before);

    // Nobody picked as current: the same refusal, saying what to do.
    t.db.prepare(`DELETE FROM meta WHERE key = 'current_user_id'`).run();
    const e = refusal(() => users.update(t.db, ravi, { team: 'marketing' }));
    expect(e.message).toMatch(/pick who you are/);
    expect(e.details).toEqual({ code: 'owner_only' });
  });

  it('still lets a member edit their own name and email, add members and remove a member', () => {
    expect(users.update(t.db, rita, { name: 'Rita R.', email: 'rita@example.com' })).toMatchObject({ name: 'Rita R.', role: 'member', team: 'sales' });
    expect(users.update(t.db, rita, { email: null, role: 'member', team: 'sales' }).email).toBeNull();
    const noor = users.create(t.db, { name: 'Noor', team: 'ops', role: 'member' }).id;
    users.remove(t.db, noor);
    users.remove(t.db, ravi);
    expect(users.list(t.db).map((u) => u.name)).toEqual(['Maria Marketing', 'Rita R.', 'Sam Sales']);
  });

  it('lets an owner of any team (ops included) do it, and an owner step down while the team keeps one', () => {
    users.setCurrent(t.db, sam);
    expect(users.update(t.db, rita, { role: 'owner' }).role).toBe('owner');
    expect(users.update(t.db, sam, { role: 'member' }).role).toBe('member');
    // Sam is a member now: his next role change is refused.
    expect(refusal(() => users.update(t.db, ravi, { role: 'owner' })).details).toEqual({ code: 'owner_only' });

    users.setCurrent(t.db, maria);
    const olga = users.create(t.db, { name: 'Olga Ops', team: 'ops', role: 'owner' }).id;
    users.setCurrent(t.db, olga);
    expect(users.update(t.db, ravi, { team: 'marketing', role: 'owner' })).toMatchObject({ team: 'marketing', role: 'owner' });
    users.remove(t.db, maria);
    expect(users.create(t.db, { name: 'Eve', team: 'sales', role: 'owner' }).role).toBe('owner');
  });
});

describe('users: refusals through the handler registry', () => {
  let t: TestDb;
  const reg = createRegistry();
  beforeEach(() => {
    t = createTestDb();
  });
  afterEach(() => t.cleanup());

  it('carries the kind and the details the Settings screen translates', async () => {
    const maria = users.create(t.db, { name: 'Maria Marketing', team: 'marketing', role: 'owner' }).id;
    const rita = users.create(t.db, { name: 'Rita Rep', team: 'sales', role: 'member' }).id;
    expect(await reg.invoke('users:update', { id: maria, patch: { role: 'member' } }, t.ctx)).toEqual({
      ok: false,
      error: { kind: 'conflict', message: LAST_MARKETING, details: { code: 'last_owner', team: 'marketing' } },
    });
    users.setCurrent(t.db, rita);
    expect(await reg.invoke('users:update', { id: rita, patch: { role: 'owner' } }, t.ctx)).toMatchObject({
      ok: false,
      error: { kind: 'forbidden', details: { code: 'owner_only' } },
    });
    expect(await reg.invoke('users:create', { name: 'Eve', team: 'sales', role: 'owner' }, t.ctx)).toMatchObject({
      ok: false,
      error: { kind: 'forbidden', details: { code: 'owner_only' } },
    });
    expect(t.events.filter((e) => e.event === 'data:changed')).toEqual([]);
  });
});
