import Database from 'better-sqlite3';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openWorkspace } from '../../main/db/connection.js';
import { migrate } from '../../main/db/migrate.js';
import { MIGRATIONS } from '../../main/db/migrations/index.js';
import { defaultRowId } from '../../main/db/migrations/0005-sal-loop.js';
import { createRegistry } from '../../main/rpc/registry.js';
import * as handoffs from '../../main/services/handoffs.js';
import * as reasons from '../../main/services/reasons.js';
import { DEFAULT_LOSS_REASONS, DEFAULT_REJECTION_REASONS } from '../../shared/domain/default-reasons.js';
import { createTestDb, tempDir, type TestDb } from '../helpers/test-db.js';
import { loopWorld, reasonId, tablesDigest, type LoopWorld } from './handoff-fixtures.js';

describe('the default taxonomy in every workspace', () => {
  let t: TestDb | undefined;
  let d: ReturnType<typeof tempDir> | undefined;
  afterEach(() => {
    t?.cleanup();
    d?.cleanup();
    t = undefined;
    d = undefined;
  });

  it('a new workspace has the 13 reasons of PRODUCT.md in order, with blame, action, comment and re-open kind', () => {
    t = createTestDb();
    const list = reasons.list(t.db);
    expect(list.map((r) => r.code)).toEqual(DEFAULT_REJECTION_REASONS.map((r) => r.code));
    expect(list.map((r) => [r.label, r.blame, r.action, r.commentRequired, r.reopenKind, r.active, r.usageCount])).toEqual(
      DEFAULT_REJECTION_REASONS.map((r) => [r.label, r.blame, r.action, r.commentRequired, r.reopenKind, true, 0]),
    );
    expect(list.find((r) => r.code === 'other')).toMatchObject({ commentRequired: true });
    expect(list.find((r) => r.code === 'bad_timing')).toMatchObject({ action: 'recycle', reopenKind: 'date' });
    expect(reasons.lossList(t.db).map((r) => r.code)).toEqual(DEFAULT_LOSS_REASONS.map((r) => r.code));
    // The same default has the same id in every workspace (one row when laptops sync).
    expect(list[0]!.id).toBe(defaultRowId('rejection:invalid_contact'));
    const other = createTestDb();
    try {
      expect(reasons.list(other.db).map((r) => r.id)).toEqual(list.map((r) => r.id));
    } finally {
      other.cleanup();
    }
  });

  it('migration 0005 seeds an existing workspace where missing, keeping the reasons it already has', () => {
    d = tempDir();
    const path = join(d.dir, 'v4.db');
    const raw = new Database(path);
    migrate(raw, path, MIGRATIONS.slice(0, 4));
    raw
      .prepare(
        `INSERT INTO rejection_reasons (id, code, label, blame, action, comment_required, position, created_at, updated_at)
         VALUES ('0190f5c8-0000-7000-8000-00000000000a', 'no_budget', 'Budget frozen this year', 'fit', 'disqualify', 1, 0, 1, 1),
                ('0190f5c8-0000-7000-8000-00000000000b', 'too_small', 'Too small for us', 'fit', 'disqualify', 0, 1, 1, 1)`,
      )
      .run();
    raw.prepare(`INSERT INTO loss_reasons (id, code, label, position, created_at, updated_at) VALUES ('0190f5c8-0000-7000-8000-00000000000c', 'price', 'Too expensive', 0, 1, 1)`).run();
    raw.close();
    const db = openWorkspace(path);
    try {
      const list = reasons.list(db);
      expect(list).toHaveLength(14);
      expect(list.slice(0, 2).map((r) => [r.code, r.label, r.action])).toEqual([
        ['no_budget', 'Budget frozen this year', 'disqualify'],
        ['too_small', 'Too small for us', 'disqualify'],
      ]);
      expect(list.slice(2).map((r) => r.code)).toEqual(DEFAULT_REJECTION_REASONS.map((r) => r.code).filter((c) => c !== 'no_budget'));
      expect(new Set(list.map((r) => r.position)).size).toBe(14);
      const loss = reasons.lossList(db);
      expect(loss.find((r) => r.code === 'price')!.label).toBe('Too expensive');
      expect(loss).toHaveLength(DEFAULT_LOSS_REASONS.length);
      // The indexes the loop reads from exist.
      const indexes = db.prepare(`SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'handoffs'`).pluck().all();
      expect(indexes).toEqual(expect.arrayContaining(['handoffs_inbox', 'handoffs_decided_by', 'handoffs_handed', 'handoffs_rerouted_from']));
    } finally {
      db.close();
    }
  });
});

describe('editing the taxonomy', () => {
  let w: LoopWorld;
  afterEach(() => w.t.cleanup());

  it('creates, updates, deactivates and reorders, with audit entries; counts usage', () => {
    w = loopWorld({ perRep: 1 });
    const created = reasons.create(w.db, { label: 'Student project', blame: 'data', action: 'disqualify' });
    expect(created).toMatchObject({ code: 'student_project', active: true, commentRequired: false, reopenKind: null, position: 13, usageCount: 0 });
    expect(reasons.create(w.db, { label: 'Student  project!', blame: 'data', action: 'disqualify' }).code).toBe('student_project_2');
    const changed = reasons.update(w.db, created.id, { label: 'Student or teacher', commentRequired: true });
    expect(changed).toMatchObject({ label: 'Student or teacher', code: 'student_project', commentRequired: true });
    expect(reasons.update(w.db, created.id, { active: false }).active).toBe(false);
    expect(reasons.list(w.db, false).some((r) => r.id === created.id)).toBe(false);
    const ids = reasons.list(w.db).map((r) => r.id).reverse();
    expect(reasons.reorder(w.db, ids).map((r) => r.id)).toEqual(ids);
    const actions = w.db.prepare(`SELECT action FROM audit WHERE entity = 'rejection_reason' ORDER BY rowid`).pluck().all();
    expect(actions).toEqual(['create', 'create', 'update', 'deactivate', 'reorder']);

    w.as(w.rita);
    handoffs.decide(w.db, w.handoffs.rita[0]!, { decision: 'reject', reasonId: reasonId(w.db, 'no_need') });
    expect(reasons.list(w.db).find((r) => r.code === 'no_need')!.usageCount).toBe(1);
  });

  it('refuses bad edits with specific errors and writes nothing', async () => {
    w = loopWorld({ perRep: 1 });
    w.as(w.rita);
    handoffs.decide(w.db, w.handoffs.rita[0]!, { decision: 'reject', reasonId: reasonId(w.db, 'no_need') });
    const all = reasons.list(w.db).map((r) => r.id);
    const reg = createRegistry();
    // A rep cannot change the taxonomy the two teams agreed; the specific refusals below are an owner's.
    const digest = tablesDigest(w.db);
    expect(await reg.invoke('reasons:create', { label: 'Renewal', blame: 'fit', action: 'recycle' }, w.t.ctx)).toMatchObject({
      ok: false,
      error: { kind: 'forbidden', details: { code: 'owner_only' } },
    });
    expect(tablesDigest(w.db)).toBe(digest);
    w.as(w.manager);
    const cases: [string, unknown, string, RegExp][] = [
      ['reasons:remove', { id: reasonId(w.db, 'no_need') }, 'conflict', /used by 1 handoff; deactivate it instead/],
      ['reasons:create', { label: 'no need identified', blame: 'fit', action: 'recycle' }, 'conflict', /already exists/],
      ['reasons:create', { label: 'Renewal', blame: 'fit', action: 'disqualify', reopenKind: 'renewal' }, 'validation', /only applies to reasons that recycle/],
      ['reasons:create', { label: '   ', blame: 'fit', action: 'disqualify' }, 'validation', /needs a label/],
      ['reasons:update', { id: reasonId(w.db, 'bad_timing'), patch: { action: 'disqualify', reopenKind: 'date' } }, 'validation', /only applies/],
      ['reasons:update', { id: '0190a6d2-3b7c-7cc3-9a5e-2f4b8c1d0e6f', patch: { label: 'X' } }, 'not_found', /No rejection reason/],
      ['reasons:reorder', { ids: all.slice(1) }, 'validation', /leaves out 1 reason/],
      ['reasons:reorder', { ids: [...all, all[0]] }, 'validation', /appear once/],
    ];
    for (const [channel, input, kind, message] of cases) {
      const before = tablesDigest(w.db);
      const res = await reg.invoke(channel, input, w.t.ctx);
      expect(res, `${channel} ${JSON.stringify(input)}`).toMatchObject({ ok: false, error: { kind } });
      if (!res.ok) expect(res.error.message).toMatch(message);
      expect(tablesDigest(w.db)).toBe(before);
    }
  });

  it('removes an unused reason; the code stays taken so it never changes meaning', () => {
    w = loopWorld({ perRep: 1 });
    const r = reasons.create(w.db, { label: 'Spam', blame: 'data', action: 'disqualify' });
    reasons.remove(w.db, r.id);
    expect(reasons.list(w.db).some((x) => x.id === r.id)).toBe(false);
    expect(reasons.create(w.db, { label: 'Spam', blame: 'data', action: 'disqualify' }).code).toBe('spam_2');
  });
});
