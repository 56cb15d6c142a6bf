import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

/**
 * A throwaway PostgreSQL cluster for one test file: initdb in a temp dir as an unprivileged user
 * (initdb refuses root, so as root it runs as Debian's `postgres` user through runuser),
 * listening on 127.0.0.1 only on a free port, password logins (scram), removed by stop().
 */
const BIN_DIRS = ['/usr/lib/postgresql/17/bin', '/usr/lib/postgresql/16/bin', '/usr/lib/postgresql/15/bin'];
export const SUPERUSER = 'postgres';
export const SUPERUSER_PASSWORD = 'leadpact-test-admin';

export function postgresBinDir(): string {
  const dir = process.env.LEADPACT_PG_BIN ?? BIN_DIRS.find((d) => existsSync(join(d, 'initdb')));
  if (!dir) throw new Error(`PostgreSQL is not installed (no initdb in ${BIN_DIRS.join(', ')}); .ci/run installs it with apt-get install postgresql.`);
  return dir;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const a = s.address();
      s.close(() => (typeof a === 'object' && a ? resolve(a.port) : reject(new Error('no port'))));
    });
  });
}

export interface TestCluster {
  port: number;
  /** A superuser URL for a database (the admin that runs hub init). */
  adminUrl(db: string): string;
  url(user: string, password: string, db: string): string;
  /** A fresh database, per test. */
  createDatabase(): Promise<string>;
  stop(): Promise<void>;
}

let dbCounter = 0;

export async function startPostgres(): Promise<TestCluster> {
  const bin = postgresBinDir();
  const asRoot = process.getuid?.() === 0;
  const dir = mkdtempSync(join(tmpdir(), 'leadpact-pg-'));
  const data = join(dir, 'data');
  const pwfile = join(dir, 'pw');
  writeFileSync(pwfile, `${SUPERUSER_PASSWORD}\n`);
  const run = (cmd: string, args: string[]) => (asRoot ? { cmd: 'runuser', args: ['-u', 'postgres', '--', cmd, ...args] } : { cmd, args });
  if (asRoot) {
    const pw = spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' });
    if (pw.status !== 0) throw new Error('Running as root needs the "postgres" system user (Debian\'s postgresql package creates it).');
    const uid = Number(pw.stdout.trim());
    const gid = Number(spawnSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).stdout.trim());
    chownSync(dir, uid, gid);
    chownSync(pwfile, uid, gid);
  }
  const init = run(join(bin, 'initdb'), ['-D', data, '-U', SUPERUSER, '--pwfile', pwfile, '--auth', 'scram-sha-256', '-E', 'UTF8', '--no-sync', '--locale', 'C']);
  const r = spawnSync(init.cmd, init.args, { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`initdb failed: ${r.stderr || r.stdout}`);
  const port = await freePort();
  const start = run(join(bin, 'postgres'), [
    '-D', data, '-p', String(port), '-h', '127.0.0.1', '-k', dir,
    '-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off', '-c', 'max_connections=60',
  ]);
  const child: ChildProcess = spawn(start.cmd, start.args, { stdio: ['ignore', 'ignore', 'pipe'] });
  let log = '';
  child.stderr?.on('data', (d: Buffer) => (log = (log + d.toString()).slice(-4000)));
  const adminUrl = (db: string) => `postgres://${SUPERUSER}:${SUPERUSER_PASSWORD}@127.0.0.1:${port}/${db}`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    const c = new pg.Client({ connectionString: adminUrl('postgres') });
    try {
      await c.connect();
      await c.end();
      break;
    } catch (e) {
      await c.end().catch(() => undefined);
      if (child.exitCode !== null || Date.now() > deadline) throw new Error(`PostgreSQL did not start: ${String(e)}\n${log}`, { cause: e });
      await new Promise((res) => setTimeout(res, 100));
    }
  }
  return {
    port,
    adminUrl,
    url: (user, password, db) => `postgres://${encodeURIComponent(user)}:${encodeURIComponent(password)}@127.0.0.1:${port}/${db}`,
    async createDatabase() {
      const name = `hub_${process.pid}_${++dbCounter}`;
      const c = new pg.Client({ connectionString: adminUrl('postgres') });
      await c.connect();
      try {
        await c.query(`CREATE DATABASE ${name}`); // a generated identifier, never input
      } finally {
        await c.end();
      }
      return name;
    },
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((res) => child.once('exit', res));
        // runuser does not pass signals on: stop the postmaster itself (SIGINT = fast shutdown).
        const pid = Number(readFileSync(join(data, 'postmaster.pid'), 'utf8').split('\n')[0]);
        if (pid > 0) process.kill(pid, 'SIGINT');
        else child.kill('SIGINT');
        await Promise.race([exited, new Promise((res) => setTimeout(res, 10_000))]);
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
