import { afterEach, describe, expect, it } from 'vitest';
import { openWorkspace } from '../../main/db/connection.js';
import { setMeta } from '../../main/db/meta.repo.js';
import { createRegistry } from '../../main/rpc/registry.js';
import { createTestDb, type TestDb } from '../helpers/test-db.js';

/** The UI language and theme: per workspace file (meta), validated both ways, kept across a reopen. */
describe('preferences over the registry', () => {
  let t: TestDb;
  afterEach(() => t.cleanup());

  it('defaults to the system language and theme, stores a change, and keeps it when the workspace is reopened', async () => {
    t = createTestDb();
    const reg = createRegistry();
    expect(await reg.invoke('preferences:get', {}, t.ctx)).toEqual({ ok: true, value: { language: 'system', theme: 'system' } });
    expect(await reg.invoke('preferences:set', { language: 'fa' }, t.ctx)).toEqual({ ok: true, value: { language: 'fa', theme: 'system' } });
    expect(await reg.invoke('preferences:set', { theme: 'dark' }, t.ctx)).toEqual({ ok: true, value: { language: 'fa', theme: 'dark' } });

    t.db.close();
    const db = openWorkspace(t.path);
    try {
      const again = await reg.invoke('preferences:get', {}, { ...t.ctx, db });
      expect(again).toEqual({ ok: true, value: { language: 'fa', theme: 'dark' } });
    } finally {
      db.close();
    }
  });

  it('refuses a language without a catalogue or an unknown field, and reads a stored unknown value as the default', async () => {
    t = createTestDb();
    const reg = createRegistry();
    for (const input of [{ language: 'de' }, { theme: 'sepia' }, { language: 'pl', font: 'large' }]) {
      const res = await reg.invoke('preferences:set', input, t.ctx);
      expect(res.ok ? 'ok' : res.error.kind).toBe('validation');
    }
    expect(await reg.invoke('preferences:get', {}, t.ctx)).toEqual({ ok: true, value: { language: 'system', theme: 'system' } });
    // A newer LeadPact with a seventh language wrote this; this one shows the system language.
    setMeta(t.db, 'ui_language', 'uk');
    expect(await reg.invoke('preferences:get', {}, t.ctx)).toEqual({ ok: true, value: { language: 'system', theme: 'system' } });
  });
});
