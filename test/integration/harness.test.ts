import { mkdirSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LATEST_SCHEMA_VERSION } from '../../main/db/migrations/index.js';
import { startHarness, type Harness } from '../../main/harness.js';
import { tempDir } from '../helpers/test-db.js';

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** Raw HTTP so the test controls Host and Origin exactly as an attacker's page or a rebinding DNS would. */
function send(port: number, path: string, opts: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<Reply> {
  return new Promise((ok, fail) => {
    const req = request({ host: '127.0.0.1', port, path, method: opts.method ?? 'GET', headers: opts.headers ?? {} }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => ok({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', fail);
    if (opts.body !== undefined) req.write(opts.body);
    req.end();
  });
}

describe('browser harness', () => {
  let t: ReturnType<typeof tempDir>;
  let h: Harness;
  let host: string;
  const rpc = (channel: string, body: unknown, headers: Record<string, string> = {}) =>
    send(h.port, `/rpc/${channel}`, {
      method: 'POST',
      headers: { host, 'content-type': 'application/json', 'x-leadpact-token': h.token, ...headers },
      body: JSON.stringify(body),
    });

  beforeAll(async () => {
    t = tempDir();
    const rendererDir = join(t.dir, 'renderer');
    mkdirSync(rendererDir);
    writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>LeadPact</title>');
    h = await startHarness({ dbPath: join(t.dir, 'w.db'), rendererDir });
    host = `127.0.0.1:${h.port}`;
  });
  afterAll(async () => {
    await h.close();
    t.cleanup();
  });

  it('binds to 127.0.0.1 and prints a URL carrying the token', () => {
    expect(h.url).toMatch(new RegExp(`^http://127\\.0\\.0\\.1:${h.port}/\\?token=`));
    expect(h.token.length).toBeGreaterThanOrEqual(32);
  });

  it('answers an RPC call with the envelope', async () => {
    const r = await rpc('workspace:info', {});
    expect(r.status).toBe(200);
    expect(JSON.parse(r.body)).toMatchObject({ ok: true, value: { schemaVersion: LATEST_SCHEMA_VERSION, leadCount: 0 } });
  });

  it('refuses a missing or wrong token and reveals no data', async () => {
    const missing = await send(h.port, '/rpc/users:list', { method: 'POST', headers: { host }, body: '{}' });
    expect(missing.status).toBe(401);
    const wrong = await rpc('users:list', {}, { 'x-leadpact-token': 'x'.repeat(h.token.length) });
    expect(wrong.status).toBe(401);
    expect(wrong.body).not.toContain('"ok"');
    const page = await send(h.port, '/', { headers: { host } });
    expect(page.status).toBe(401);
  });

  it('refuses a foreign Origin and a foreign Host (DNS rebinding)', async () => {
    const foreign = await rpc('users:create', { name: 'Eve', team: 'sales', role: 'owner' }, { origin: 'https://evil.example' });
    expect(foreign.status).toBe(403);
    const rebinding = await rpc('users:list', {}, { host: `evil.example:${h.port}` });
    expect(rebinding.status).toBe(403);
    const list = JSON.parse((await rpc('users:list', {})).body) as { value: unknown[] };
    expect(list.value).toEqual([]);
  });

  it('answers a wrong payload or bad JSON with a validation envelope', async () => {
    const wrong = JSON.parse((await rpc('users:create', { name: 42 })).body);
    expect(wrong).toMatchObject({ ok: false, error: { kind: 'validation' } });
    const bad = await send(h.port, '/rpc/users:list', { method: 'POST', headers: { host, 'x-leadpact-token': h.token }, body: '{not json' });
    expect(JSON.parse(bad.body)).toMatchObject({ ok: false, error: { kind: 'validation', message: 'Body is not valid JSON' } });
  });

  it('serves the renderer with a strict CSP and sets the token cookie from the URL', async () => {
    const r = await send(h.port, `/?token=${h.token}`, { headers: { host } });
    expect(r.status).toBe(200);
    expect(r.body).toContain('<title>LeadPact</title>');
    expect(String(r.headers['content-security-policy'])).toContain("default-src 'self'");
    expect(String(r.headers['content-security-policy'])).not.toContain('unsafe-eval');
    expect(String(r.headers['set-cookie'])).toMatch(/lp_token=.*HttpOnly.*SameSite=Strict/);
    const traversal = await send(h.port, '/..%2f..%2fetc%2fpasswd', { headers: { host, 'x-leadpact-token': h.token } });
    expect([403, 404]).toContain(traversal.status);
  });

  it('pushes change notifications over server-sent events', async () => {
    const received = new Promise<string>((ok, fail) => {
      const req = request({ host: '127.0.0.1', port: h.port, path: '/events', headers: { host, 'x-leadpact-token': h.token } }, (res) => {
        res.setEncoding('utf8');
        let buf = '';
        res.on('data', (c: string) => {
          buf += c;
          if (buf.includes('event: data:changed')) {
            req.destroy();
            ok(buf);
          }
        });
        void rpc('users:create', { name: 'Ola', team: 'marketing', role: 'owner' });
      });
      req.on('error', (e) => (String(e).includes('socket hang up') ? undefined : fail(e)));
      req.end();
    });
    expect(await received).toContain('"tables":["users"]');
  });
});
