import pg from 'pg';
import { AppError } from '../../shared/errors.js';
import type { FieldValue } from '../../shared/domain/sync-merge.js';

/** One outbox row as the hub receives it. */
export interface PushChange {
  seq: number;
  tbl: string;
  row: string;
  clock: string;
  cols: Record<string, FieldValue>;
  bases: Record<string, string | null>;
}

export interface PulledField {
  xid: string;
  id: string;
  tbl: string;
  rowId: string;
  col: string;
  value: FieldValue;
  clock: string;
  base: string | null;
}

export interface HubInfo {
  hubId: string;
  horizon: { xid: string; id: string };
  version: number;
  nowMs: number;
}

/** What the sync engine needs from a hub; the real one is PgHub, tests wrap it to lose or repeat messages. */
export interface HubTransport {
  info(): Promise<HubInfo>;
  /** Returns the highest outbox sequence of this client the hub holds. */
  push(clientId: string, node: string, prev: number, changes: readonly PushChange[]): Promise<number>;
  pull(after: { xid: string; id: string }, limit: number): Promise<PulledField[]>;
}

/** A one-line message for a hub error, keeping PostgreSQL's own text (it names what was refused). */
export function hubError(e: unknown, url?: string): AppError {
  const err = e as { code?: string; message?: string };
  const msg = (err.message ?? String(e)).split('\n')[0]!;
  // Not 'unauthorized': that kind means this app session's own token, and the app says so.
  // A refusal of one change (its team may not write it, its clock is too far ahead) is marked, so
  // the engine can set that change aside and push the rest; a refusal of the client is not.
  if (err.code === '42501') return new AppError('conflict', `The hub refused: ${msg}`, { refusedChange: / may not write /.test(msg) });
  if (err.code === '55000') return new AppError('conflict', `The hub refused: ${msg}`);
  if (err.code === '22008') return new AppError('conflict', `The hub refused: ${msg}`, { refusedChange: true });
  if (err.code === '28P01' || err.code === '28000') return new AppError('validation', `Cannot log in to the hub: ${msg}`);
  if (err.code === '3F000' || err.code === '42883') {
    return new AppError('conflict', `The hub at ${url ?? 'that address'} has no LeadPact schema: run "leadpact hub init --url ..." first.`);
  }
  if (err.code === 'ECONNREFUSED' || err.code === 'ENOTFOUND' || err.code === 'ETIMEDOUT') {
    return new AppError('not_found', `Cannot reach the hub${url ? ` at ${redactUrl(url)}` : ''}: ${msg}`);
  }
  return new AppError('internal', `Hub error: ${msg}`);
}

export const isRefusedChange = (e: unknown): e is AppError =>
  e instanceof AppError && (e.details as { refusedChange?: boolean } | undefined)?.refusedChange === true;

/** The URL without its password, for messages and logs. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return '(invalid URL)';
  }
}

export function assertHubUrl(url: string): void {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new AppError('validation', `--url must be a postgres:// URL, e.g. postgres://alice@db.example.com/leadpact`);
  }
  if (u.protocol !== 'postgres:' && u.protocol !== 'postgresql:') {
    throw new AppError('validation', `--url must start with postgres:// (got ${u.protocol}//)`);
  }
}

export async function connectHub(url: string, password?: string): Promise<pg.Client> {
  assertHubUrl(url);
  // node-postgres lets the connection string override a separate password, so it goes in the URL.
  let target = url;
  if (password !== undefined) {
    const u = new URL(url);
    u.password = encodeURIComponent(password);
    target = u.toString();
  }
  const client = new pg.Client({ connectionString: target, connectionTimeoutMillis: 10_000 });
  try {
    await client.connect();
  } catch (e) {
    throw hubError(e, url);
  }
  return client;
}

export class PgHub implements HubTransport {
  constructor(
    private readonly client: pg.ClientBase,
    private readonly url?: string,
  ) {}

  private async q<R extends pg.QueryResultRow>(sql: string, params: unknown[]): Promise<pg.QueryResult<R>> {
    try {
      return await this.client.query<R>(sql, params);
    } catch (e) {
      throw hubError(e, this.url);
    }
  }

  async info(): Promise<HubInfo> {
    const r = await this.q<{ hub_id: string; horizon_xid: string; horizon_id: string; version: number; now_ms: string }>(
      'SELECT hub_id, horizon_xid::text, horizon_id::text, version, now_ms::text FROM leadpact.hub_info()',
      [],
    );
    const row = r.rows[0]!;
    return { hubId: row.hub_id, horizon: { xid: row.horizon_xid, id: row.horizon_id }, version: row.version, nowMs: Number(row.now_ms) };
  }

  async push(clientId: string, node: string, prev: number, changes: readonly PushChange[]): Promise<number> {
    const r = await this.q<{ last: string }>('SELECT leadpact.push($1::uuid, $2, $3::bigint, $4::jsonb)::text AS last', [
      clientId,
      node,
      prev,
      JSON.stringify(changes),
    ]);
    return Number(r.rows[0]!.last);
  }

  async pull(after: { xid: string; id: string }, limit: number): Promise<PulledField[]> {
    const r = await this.q<{ xid: string; id: string; tbl: string; row_id: string; col: string; value: FieldValue; clock: string; base: string | null }>(
      'SELECT xid::text, id::text, tbl, row_id, col, value, clock, base FROM leadpact.pull($1::xid8, $2::bigint, $3::int)',
      [after.xid, after.id, limit],
    );
    return r.rows.map((x) => ({ xid: x.xid, id: x.id, tbl: x.tbl, rowId: x.row_id, col: x.col, value: x.value, clock: x.clock, base: x.base }));
  }
}
