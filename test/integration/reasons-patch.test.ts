import { afterEach, describe, expect, it } from 'vitest';
import { createRegistry } from '../../main/rpc/registry.js';
import * as reasons from '../../main/services/reasons.js';
import { createTestDb, type TestDb } from '../helpers/test-db.js';

describe('reasons:update over the registry changes only what the patch names', () => {
  let t: TestDb | undefined;
  afterEach(() => t?.cleanup());

  it('deactivating keeps the required comment and the re-open kind', async () => {
    t = createTestDb();
    const reg = createRegistry();
    const byCode = (code: string) => reasons.list(t!.db).find((r) => r.code === code)!;
    for (const code of ['other', 'bad_timing']) {
      const before = byCode(code);
      const res = await reg.invoke('reasons:update', { id: before.id, patch: { active: false } }, t.ctx);
      expect(res.ok).toBe(true);
      const after = byCode(code);
      expect(after.active).toBe(false);
      expect({ ...after, active: true, updatedAt: 0 }).toEqual({ ...before, updatedAt: 0 });
    }
    expect(byCode('other').commentRequired).toBe(true);
    expect(byCode('bad_timing').reopenKind).toBe('date');
  });
});
