import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { openWorkspace } from '../../main/db/connection.js';
import * as users from '../../main/services/users.js';
import { createTestDb, type TestDb } from '../helpers/test-db.js';

/*
 * A job opens the workspace a second time in the app's own process (a worker thread). On POSIX,
 * closing any descriptor of a file drops all of the process's locks on it: had that second open
 * read the file with a descriptor of its own, the app's connection would lose its shared lock, and
 * the next process to close a connection (the CLI, sqlite3) would take itself for the last one,
 * checkpoint and delete the WAL the app still writes to, whose later writes no one else would see.
 */
describe('a second connection in the same process', () => {
  let t: TestDb;
  afterEach(() => t.cleanup());

  it('leaves the first connection its locks: another process still sees its later writes', () => {
    t = createTestDb();
    users.create(t.db, { name: 'Before', team: 'marketing', role: 'owner' });
    openWorkspace(t.path).close();
    openWorkspace(t.path, { readonly: true }).close();
    // Another process opens and closes the workspace, as the CLI does.
    expect(execFileSync('sqlite3', [t.path, 'SELECT count(*) FROM users'], { encoding: 'utf8' }).trim()).toBe('1');
    expect(existsSync(`${t.path}-wal`)).toBe(true);
    users.create(t.db, { name: 'After', team: 'sales', role: 'owner' });
    expect(execFileSync('sqlite3', [t.path, 'SELECT name FROM users ORDER BY name'], { encoding: 'utf8' }).trim().split('\n')).toEqual([
      'After',
      'Before',
    ]);
  });
});
