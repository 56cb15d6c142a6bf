import { randomBytes, timingSafeEqual } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { openWorkspace, type Db } from './db/connection.js';
import type { Ctx } from './rpc/context.js';
import { createRegistry } from './rpc/registry.js';
import { sweepUploads } from './services/import/uploads.js';

export interface HarnessOptions {
  dbPath: string;
  /** 0 picks a free port. */
  port?: number;
  rendererDir?: string;
  /** An already open workspace (the start script opens it to seed the demo first). */
  db?: Db;
}

export interface Harness {
  url: string;
  origin: string;
  token: string;
  port: number;
  /** The handlers' context: the start script starts background jobs on it. */
  ctx: Ctx;
  close(): Promise<void>;
}

export const CSP =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; " +
  "connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'none'";

const MAX_BODY = 1024 * 1024;
const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
};

function sameSecret(a: string | undefined, b: string): boolean {
  if (!a) return false;
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

function cookieToken(req: IncomingMessage): string | undefined {
  const header = req.headers.cookie ?? '';
  for (const part of header.split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === 'lp_token') return decodeURIComponent(v.join('='));
  }
  return undefined;
}

function send(res: ServerResponse, status: number, body: string, type = 'text/plain; charset=utf-8'): void {
  res.writeHead(status, {
    'content-type': type,
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
  });
  res.end(body);
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY) throw new Error('body too large');
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * The same handlers as the Electron IPC, over HTTP on 127.0.0.1 for the browser and the tests.
 * Guarded like a local admin UI: a per-launch token on every request, and Host/Origin checks so a
 * web page cannot reach it through DNS rebinding or a cross-site form.
 */
export async function startHarness(options: HarnessOptions): Promise<Harness> {
  // Uploads a previous run left behind (walked away from, or killed mid-import); recent ones may be
  // another harness's, still in use, so only the idle ones go.
  sweepUploads();
  const db = options.db ?? openWorkspace(options.dbPath, { create: true });
  const ownsDb = !options.db;
  const rendererDir = resolve(options.rendererDir ?? join(process.cwd(), 'renderer', 'dist'));
  const token = randomBytes(24).toString('base64url');
  const registry = createRegistry();
  const streams = new Set<ServerResponse>();
  const emit = (event: string, payload: unknown) => {
    const frame = `event: ${event}\ndata: ${JSON.stringify(payload)}\n\n`;
    for (const s of streams) s.write(frame);
  };
  const ctx: Ctx = { db, path: options.dbPath, emit };
  let port = 0;

  const allowedHosts = () => new Set([`127.0.0.1:${port}`, `localhost:${port}`]);
  const allowedOrigins = () => new Set([`http://127.0.0.1:${port}`, `http://localhost:${port}`]);

  async function serveStatic(res: ServerResponse, pathname: string): Promise<void> {
    const rel = pathname === '/' ? 'index.html' : decodeURIComponent(pathname).replace(/^\/+/, '');
    const file = normalize(join(rendererDir, rel));
    if (!file.startsWith(rendererDir + sep)) return send(res, 403, 'Forbidden');
    try {
      const body = await readFile(file);
      res.writeHead(200, {
        'content-type': CONTENT_TYPES[extname(file)] ?? 'application/octet-stream',
        'content-security-policy': CSP,
        'x-content-type-options': 'nosniff',
        'referrer-policy': 'no-referrer',
        'cache-control': 'no-store',
      });
      res.end(body);
    } catch {
      if (rel === 'index.html') {
        return send(res, 503, `The renderer is not built (${rendererDir}). Run "npm run build:renderer".`);
      }
      send(res, 404, 'Not found');
    }
  }

  const server = createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      if (!allowedHosts().has(req.headers.host ?? '')) return send(res, 403, 'Forbidden host');
      const origin = req.headers.origin;
      if (origin !== undefined && !allowedOrigins().has(origin)) return send(res, 403, 'Forbidden origin');

      const queryToken = url.searchParams.get('token') ?? undefined;
      const presented = (req.headers['x-leadpact-token'] as string | undefined) ?? cookieToken(req) ?? queryToken;
      if (!sameSecret(presented, token)) return send(res, 401, 'Missing or wrong token');

      if (req.method === 'GET' && url.pathname === '/events') {
        res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store', connection: 'keep-alive' });
        res.write(': connected\n\n');
        streams.add(res);
        req.on('close', () => streams.delete(res));
        return;
      }
      if (url.pathname.startsWith('/rpc/')) {
        if (req.method !== 'POST') return send(res, 405, 'Use POST');
        const channel = decodeURIComponent(url.pathname.slice('/rpc/'.length));
        let input: unknown;
        try {
          const raw = await readBody(req);
          input = raw.length === 0 ? {} : JSON.parse(raw);
        } catch (e) {
          const message = e instanceof Error && e.message === 'body too large' ? 'Request body too large' : 'Body is not valid JSON';
          return send(res, 200, JSON.stringify({ ok: false, error: { kind: 'validation', message } }), 'application/json');
        }
        const envelope = await registry.invoke(channel, input, ctx);
        return send(res, 200, JSON.stringify(envelope), 'application/json');
      }
      if (req.method !== 'GET') return send(res, 405, 'Method not allowed');
      if (queryToken) {
        res.setHeader('set-cookie', `lp_token=${encodeURIComponent(token)}; HttpOnly; SameSite=Strict; Path=/`);
      }
      return serveStatic(res, url.pathname);
    })().catch((e: unknown) => {
      console.error('[harness]', e);
      if (!res.headersSent) send(res, 500, 'Internal error');
      else res.end();
    });
  });

  await new Promise<void>((ok, fail) => {
    server.once('error', fail);
    server.listen(options.port ?? 0, '127.0.0.1', () => ok());
  });
  port = (server.address() as AddressInfo).port;
  const originUrl = `http://127.0.0.1:${port}`;
  return {
    url: `${originUrl}/?token=${token}`,
    origin: originUrl,
    token,
    port,
    ctx,
    async close() {
      for (const s of streams) s.end();
      streams.clear();
      server.closeAllConnections();
      await new Promise<void>((ok) => server.close(() => ok()));
      if (ownsDb && db.open) db.close();
    },
  };
}
