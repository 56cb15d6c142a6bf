import { request } from 'node:http';
import { describe, expect } from 'vitest';
import { test } from './helpers/fixtures.js';
import { firstLeads } from './helpers/expected.js';

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** Raw HTTP, so the test sets Host, Origin and cookies exactly as a hostile page or client would. */
function send(
  port: number,
  path: string,
  opts: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<Reply> {
  return new Promise((ok, fail) => {
    const req = request(
      { host: '127.0.0.1', port, path, method: opts.method ?? 'GET', headers: opts.headers ?? {} },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (body += c));
        res.on('end', () => ok({ status: res.statusCode ?? 0, headers: res.headers, body }));
      },
    );
    req.on('error', fail);
    if (opts.body !== undefined) req.write(opts.body);
    req.end();
  });
}

const LIST = JSON.stringify({ sort: { column: 'createdAt', dir: 'desc' } });

describe('the harness over HTTP, serving the built renderer and a demo workspace', () => {
  test('without the token, or with a wrong one: 401 and no data', async ({ app }) => {
    const { port, token } = app.harness;
    const host = `127.0.0.1:${port}`;
    const someLead = firstLeads(app.ws.db, { column: 'createdAt', dir: 'desc' }, {}, 1)[0]!;
    const rpc = (headers: Record<string, string>) =>
      send(port, '/rpc/leads:list', {
        method: 'POST',
        headers: { host, 'content-type': 'application/json', ...headers },
        body: LIST,
      });

    for (const reply of [
      await send(port, '/', { headers: { host } }),
      await send(port, '/?token=not-the-token', { headers: { host } }),
      await rpc({}),
      await rpc({ 'x-leadpact-token': 'x'.repeat(token.length) }),
      await rpc({ cookie: `lp_token=${'y'.repeat(token.length)}` }),
      await send(port, '/events', { headers: { host } }),
    ]) {
      expect(reply.status).toBe(401);
      expect(reply.body).not.toContain('id="root"');
      expect(reply.body).not.toContain(someLead.id);
      expect(reply.body).not.toContain(someLead.name);
      expect(reply.headers['set-cookie']).toBeUndefined();
    }

    // With it: the page (strict CSP) and the data.
    const page = await send(port, `/?token=${token}`, { headers: { host } });
    expect(page.status).toBe(200);
    expect(page.body).toContain('id="root"');
    const csp = String(page.headers['content-security-policy']);
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-eval');
    expect(page.body).toContain('http-equiv="Content-Security-Policy"');
    expect(String(page.headers['set-cookie'])).toMatch(/lp_token=.*HttpOnly.*SameSite=Strict/);
    const ok = await rpc({ 'x-leadpact-token': token });
    expect(ok.status).toBe(200);
    expect(JSON.parse(ok.body)).toMatchObject({ ok: true, value: { rows: expect.any(Array) } });
    expect(ok.body).toContain(someLead.id);
  });

  test('a foreign Origin or Host is refused with 403, even with the right token', async ({ app }) => {
    const { port, token } = app.harness;
    const headers = { 'content-type': 'application/json', 'x-leadpact-token': token };
    const foreignOrigin = await send(port, '/rpc/leads:list', {
      method: 'POST',
      headers: { ...headers, host: `127.0.0.1:${port}`, origin: 'https://evil.example' },
      body: LIST,
    });
    expect(foreignOrigin.status).toBe(403);
    expect(foreignOrigin.body).not.toContain('"rows"');
    const rebinding = await send(port, '/rpc/leads:list', {
      method: 'POST',
      headers: { ...headers, host: `evil.example:${port}` },
      body: LIST,
    });
    expect(rebinding.status).toBe(403);
    expect(rebinding.body).not.toContain('"rows"');
  });

  test('a wrong payload gets the validation envelope, naming the field', async ({ app }) => {
    const { port, token } = app.harness;
    const post = (channel: string, body: string) =>
      send(port, `/rpc/${channel}`, {
        method: 'POST',
        headers: { host: `127.0.0.1:${port}`, 'content-type': 'application/json', 'x-leadpact-token': token },
        body,
      });

    const badSort = await post('leads:list', JSON.stringify({ sort: { column: 'password', dir: 'up' } }));
    expect(badSort.status).toBe(200);
    const env = JSON.parse(badSort.body) as {
      ok: boolean;
      error: { kind: string; message: string; details: { path: string[] }[] };
    };
    expect(env.ok).toBe(false);
    expect(env.error.kind).toBe('validation');
    expect(env.error.details.map((d) => d.path.join('.'))).toEqual(expect.arrayContaining(['sort.column', 'sort.dir']));

    const extraKey = JSON.parse(
      (await post('users:create', JSON.stringify({ name: 'X', team: 'sales', role: 'member', admin: true }))).body,
    );
    expect(extraKey).toMatchObject({ ok: false, error: { kind: 'validation' } });
    const badEmail = JSON.parse(
      (await post('users:create', JSON.stringify({ name: 'X', email: 'nope', team: 'sales', role: 'member' }))).body,
    );
    expect(badEmail).toMatchObject({ ok: false, error: { kind: 'validation' } });
    const notJson = JSON.parse((await post('leads:count', '{"filters":')).body);
    expect(notJson).toMatchObject({ ok: false, error: { kind: 'validation' } });
    const unknown = JSON.parse((await post('leads:drop', '{}')).body);
    expect(unknown).toMatchObject({ ok: false, error: { kind: 'validation' } });
  });
});
