import { afterEach, describe, expect, it } from 'vitest';
import { INDEX_BUILD_CACHE_KIB, withIndexBuildCache } from '../../main/db/index-build.js';
import { createTestDb, type TestDb } from '../helpers/test-db.js';

describe('withIndexBuildCache', () => {
  let t: TestDb;
  afterEach(() => t.cleanup());

  it('builds with the small cache and temp files, then puts both back, also when the build throws', () => {
    t = createTestDb();
    const { db } = t;
    db.pragma('cache_size = -65536');
    db.pragma('temp_store = MEMORY');
    const pragmas = () => [db.pragma('cache_size', { simple: true }), db.pragma('temp_store', { simple: true })];
    db.exec('CREATE TABLE t (a INTEGER, b TEXT)');
    db.prepare(
      `WITH RECURSIVE n(v) AS (SELECT 1 UNION ALL SELECT v + 1 FROM n WHERE v < 20000) INSERT INTO t SELECT v, printf('%08d', v % 977) FROM n`,
    ).run();

    const seen = withIndexBuildCache(db, () => {
      db.exec('CREATE INDEX t_b ON t(b, a)');
      return pragmas();
    });
    expect(seen).toEqual([-INDEX_BUILD_CACHE_KIB, 1]);
    expect(pragmas()).toEqual([-65536, 2]);
    expect(db.prepare(`SELECT count(*) FROM t INDEXED BY t_b WHERE b = '00000005'`).pluck().get()).toBe(21);

    expect(() => withIndexBuildCache(db, () => db.exec('CREATE INDEX t_b ON t(b)'))).toThrow(/already exists/);
    expect(pragmas()).toEqual([-65536, 2]);
  });
});
