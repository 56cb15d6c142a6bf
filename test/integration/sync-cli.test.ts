import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openWorkspace } from '../../main/db/connection.js';
import { newId } from '../../main/db/ids.js';
import { insertLead } from '../helpers/builders.js';
import { startPostgres, type TestCluster } from '../helpers/postgres.js';
import { tempDir } from '../helpers/test-db.js';

const bin = join(process.cwd(), 'bin', 'leadpact.mjs');
/** Asynchronous, so the PostgreSQL this test started keeps being served while the CLI runs. */
const cli = (env: Record<string, string>, ...args: string[]) =>
  new Promise<{ code: number | null; out: string; err: string }>((resolve) => {
    const p = spawn(process.execPath, [bin, ...args], { env: { ...process.env, ...env } });
    let out = '';
    let err = '';
    p.stdout.on('data', (d: Buffer) => (out += d.toString()));
    p.stderr.on('data', (d: Buffer) => (err += d.toString()));
    p.on('close', (code) => resolve({ code, out, err }));
  });

let cluster: TestCluster;
let t: ReturnType<typeof tempDir>;
beforeAll(async () => {
  cluster = await startPostgres();
  t = tempDir();
}, 60_000);
afterAll(async () => {
  t?.cleanup();
  await cluster?.stop();
}, 30_000);

describe('leadpact hub and sync commands as a subprocess', () => {
  it('hub init, hub add-user, sync of two workspaces, status and conflicts; one-line errors with exit codes', async () => {
    const db = await cluster.createDatabase();
    const admin = cluster.adminUrl(db);
    const init = await cli({}, 'hub', 'init', '--url', admin);
    expect(init).toMatchObject({ code: 0 });
    expect(init.out).toContain('schema 0 -> 3');
    expect(init.out).not.toContain('leadpact-test-admin'); // the password is not echoed

    const noPw = await cli({}, 'hub', 'add-user', '--url', admin, '--login', 'mia', '--team', 'marketing');
    expect(noPw.code).toBe(1);
    expect(noPw.err.trim().split('\n')).toHaveLength(1);
    expect(noPw.err).toContain('LEADPACT_HUB_NEW_PASSWORD');
    const add = await cli({ LEADPACT_HUB_NEW_PASSWORD: 'secret-mia' }, 'hub', 'add-user', '--url', admin, '--login', 'mia', '--team', 'marketing');
    expect(add).toMatchObject({ code: 0 });

    const a = join(t.dir, 'a.db');
    const b = join(t.dir, 'b.db');
    openWorkspace(a, { create: true }).close();
    openWorkspace(b, { create: true }).close();
    const url = `postgres://mia@127.0.0.1:${cluster.port}/${db}`;
    const env = { PGPASSWORD: 'secret-mia' };
    const first = await cli(env, 'sync', a, '--url', url, '--json');
    expect(first.code).toBe(0);
    expect(JSON.parse(first.out)).toMatchObject({ pending: 0, conflicts: 0 });
    const second = await cli(env, 'sync', b, '--url', url);
    expect(second.out).toMatch(/^Synced with postgres:\/\/mia@127\.0\.0\.1:\d+\/\w+: pushed \d+ changes, pulled \d+ fields/);
    const status = JSON.parse((await cli({}, 'sync', 'status', b, '--json')).out);
    expect(status).toMatchObject({ pending: 0, conflicts: 0 });
    expect(status.lastSyncAt).toBeGreaterThan(Date.now() - 60_000);
    expect((await cli({}, 'sync', 'conflicts', b)).out.trim()).toBe('No conflicts.');

    const wrongPw = await cli({ PGPASSWORD: 'nope' }, 'sync', a, '--url', url);
    expect(wrongPw.code).toBe(1);
    expect(wrongPw.err.trim().split('\n')).toHaveLength(1);
    expect(wrongPw.err).toContain('Cannot log in to the hub');
    const noUrl = await cli({}, 'sync', a);
    expect(noUrl).toMatchObject({ code: 1 });
    expect(noUrl.err).toContain('--url is required');
    const usage = await cli({}, 'sync');
    expect(usage.code).toBe(2);
    const help = await cli({}, 'sync', '--help');
    expect(help).toMatchObject({ code: 0 });
    expect(help.out).toContain('--url');
    const noHub = await cli({}, 'sync', a, '--url', `postgres://mia:secret-mia@127.0.0.1:${cluster.port}/postgres`);
    expect(noHub.err).toMatch(/No LeadPact hub at postgres:\/\/mia:\*\*\*@127\.0\.0\.1:\d+\/postgres: run `leadpact hub init` on it first\./);

    // A change the hub refuses (marketing logging a sales decision) is listed, retried, discarded.
    const w = openWorkspace(a);
    const handoff = newId();
    w.prepare('INSERT INTO handoffs (id, lead_id, handed_at, created_at, updated_at) VALUES (?, ?, 1, 1, 1)').run(handoff, insertLead(w));
    w.close();
    expect((await cli(env, 'sync', a, '--url', url)).code).toBe(0);
    const w2 = openWorkspace(a);
    w2.prepare("UPDATE handoffs SET decision = 'accepted', decided_at = 2, updated_at = 2 WHERE id = ?").run(handoff);
    w2.close();
    const refusedSync = await cli(env, 'sync', a, '--url', url);
    expect(refusedSync).toMatchObject({ code: 0 });
    expect(refusedSync.out).toContain('1 change refused by the hub (1 now): see "leadpact sync refused');
    const listed = await cli({}, 'sync', 'refused', a, '--json');
    const [row] = JSON.parse(listed.out) as { seq: number; reason: string }[];
    expect(row!.reason).toMatch(/user mia \(team marketing\) may not write handoffs\./);
    expect((await cli({}, 'sync', 'refused', a)).out).toContain(`#${row!.seq}`);
    expect((await cli({}, 'sync', 'discard', a)).err).toContain('--change N is required');
    expect((await cli({}, 'sync', 'retry', a)).out.trim()).toBe('1 refused change will be sent again at the next sync.');
    await cli(env, 'sync', a, '--url', url);
    const again = (JSON.parse((await cli({}, 'sync', 'refused', a, '--json')).out) as { seq: number }[])[0]!;
    expect((await cli({}, 'sync', 'discard', a, '--change', String(again.seq))).out).toContain(`Discarded refused change #${again.seq}`);
    expect((await cli({}, 'sync', 'refused', a)).out.trim()).toBe('No refused changes.');
  }, 120_000);
});
