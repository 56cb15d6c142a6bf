import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createRegistry } from '../../main/rpc/registry.js';
import { createTestDb, type TestDb } from '../helpers/test-db.js';

describe('users through the handler registry', () => {
  let t: TestDb;
  const reg = createRegistry();
  beforeEach(() => {
    t = createTestDb();
  });
  afterEach(() => t.cleanup());

  it('creates, updates, picks the current user, audits, and refuses to delete the current user', async () => {
    const first = await reg.invoke('users:create', { name: 'Maria', team: 'marketing', role: 'owner' }, t.ctx);
    expect(first.ok).toBe(true);
    const maria = (first as { value: { id: string } }).value;
    const current = await reg.invoke('users:current', {}, t.ctx);
    expect(current).toMatchObject({ ok: true, value: { id: maria.id, name: 'Maria' } });

    const sam = await reg.invoke('users:create', { name: 'Sam', email: 'sam@example.com', team: 'sales', role: 'member' }, t.ctx);
    const samId = (sam as { value: { id: string } }).value.id;
    const updated = await reg.invoke('users:update', { id: samId, patch: { role: 'owner' } }, t.ctx);
    expect(updated).toMatchObject({ ok: true, value: { role: 'owner', team: 'sales', email: 'sam@example.com' } });

    const refused = await reg.invoke('users:remove', { id: maria.id }, t.ctx);
    expect(refused).toMatchObject({ ok: false, error: { kind: 'conflict', message: expect.stringMatching(/current user/) } });
    expect(await reg.invoke('users:setCurrent', { id: samId }, t.ctx)).toMatchObject({ ok: true });
    // Maria is marketing's only owner: she stays until marketing has another (users-guards.test.ts).
    expect(await reg.invoke('users:remove', { id: maria.id }, t.ctx)).toMatchObject({
      ok: false,
      error: { kind: 'conflict', details: { code: 'last_owner', team: 'marketing' } },
    });
    expect(await reg.invoke('users:create', { name: 'Mia', team: 'marketing', role: 'owner' }, t.ctx)).toMatchObject({ ok: true });
    expect(await reg.invoke('users:remove', { id: maria.id }, t.ctx)).toMatchObject({ ok: true });

    const list = await reg.invoke('users:list', {}, t.ctx);
    expect((list as { value: { name: string }[] }).value.map((u) => u.name)).toEqual(['Mia', 'Sam']);
    const audit = t.db.prepare(`SELECT action FROM audit WHERE entity = 'user' ORDER BY at, rowid`).all() as { action: string }[];
    expect(audit.map((a) => a.action)).toEqual(['create', 'create', 'update', 'create', 'delete']);
    expect(t.events.filter((e) => e.event === 'data:changed').length).toBeGreaterThanOrEqual(5);
  });

  it('rejects a bad user draft with a validation envelope naming the field', async () => {
    const r = await reg.invoke('users:create', { name: '', team: 'finance', role: 'owner' }, t.ctx);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.kind).toBe('validation');
      expect(r.error.message).toMatch(/name/);
      expect(r.error.message).toMatch(/team/);
    }
    expect(t.db.prepare('SELECT count(*) AS n FROM users').get()).toEqual({ n: 0 });
  });
});
