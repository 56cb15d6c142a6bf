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

/**
 * A push's outcome: the highest sequence the hub holds; which fields (tbl\u0000row\u0000col) of
 * changes after `held` lost to a newer value on the hub; lost null when the hub cannot tell (schema
 * 1, or nothing was written: a resend).
 */
export interface PushResult {
  acked: number;
  held: number;
  lost: ReadonlySet<string> | null;
}

/** A page of a pull that may leave out this transport's own pushes (hub schema 2). */
export interface PullPage {
  fields: PulledField[];
  /** The last row the hub scanned for this page (skipped ones included), or null for none. */
  end: { xid: string; id: string } | null;
  scanned: number;
}

/** What the sync engine needs from a hub; the real one is PgHub, tests wrap it to lose or repeat messages. */
export interface HubTransport {
  info(): Promise<HubInfo>;
  /** Returns the highest outbox sequence of this client the hub holds. */
  push(clientId: string, node: string, prev: number, changes: readonly PushChange[]): Promise<number>;
  pull(after: { xid: string; id: string }, limit: number): Promise<PulledField[]>;
  /**
   * Optional: a page without the rows of this transport's own acknowledged pushes (they hold this
   * laptop's values, which the engine marks as synced when the push is acknowledged). A transport
   * without it (a test's wrapper) is pulled in full, own rows included.
   */
  /** Optional: push, and say which pushed fields lost on the hub (see PushResult). */
  pushTracked?(clientId: string, node: string, prev: number, changes: readonly PushChange[]): Promise<PushResult>;
  pullOthers?(after: { xid: string; id: string }, limit: number): Promise<PullPage>;
}

/** PostgreSQL's and Node's codes for a hub that is down, restarting, or gone from under a connection. */
const LOST_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ENOTFOUND', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN', 'EPIPE', '57P01', '57P02', '57P03']);
const LOST_MESSAGES = /^(Connection terminated|Client has encountered a connection error|Client was closed|timeout expired)/;

/** The hub cannot be reached, or its connection went away (stopped, restarted, the backend terminated). */
export function isHubUnreachable(e: unknown): boolean {
  const err = e as { code?: unknown; message?: unknown };
  const code = typeof err?.code === 'string' ? err.code : '';
  return LOST_CODES.has(code) || code.startsWith('08') || (typeof err?.message === 'string' && LOST_MESSAGES.test(err.message));
}

/** A one-line message for a hub error, keeping PostgreSQL's own text (it names what was refused). */
export function hubError(e: unknown, url?: string): AppError {
  if (e instanceof AppError) return e;
  const err = e as { code?: string; message?: string };
  const msg = (err.message ?? String(e)).split('\n')[0]!;
  const at = url ? ` at ${redactUrl(url)}` : '';
  // Not 'unauthorized': that kind means this app session's own token, and the app says so.
  // A refusal of one change (its team may not write it, its clock is too far ahead) is marked, so
  // the engine can set that change aside and push the rest; a refusal of the client is not.
  if (err.code === '42501') return new AppError('conflict', `The hub refused: ${msg}`, { refusedChange: / may not write /.test(msg) });
  if (err.code === '55000') return new AppError('conflict', `The hub refused: ${msg}`);
  if (err.code === '22008') return new AppError('conflict', `The hub refused: ${msg}`, { refusedChange: true });
  // What is wrong with the connection itself is 'external': the message says it all, shown as is.
  if (err.code === '28P01' || err.code === '28000') return new AppError('external', `Cannot log in to the hub${at}: ${msg}`);
  if (err.code === '3D000') return new AppError('external', `No such hub database${at}: ${msg}`);
  if (err.code === '3F000' || err.code === '42883') {
    return new AppError('external', `No LeadPact hub${at}: run \`leadpact hub init\` on it first.`);
  }
  if (isHubUnreachable(e)) return new AppError('external', `Cannot reach the hub${at}: ${msg}`, { unreachable: true });
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

/**
 * A connection to the hub. Its 'error' event is always handled: a connection the hub drops (it was
 * stopped, restarted, or the backend terminated) emits one, idle or mid-query, and an unhandled
 * 'error' event would end the whole process (the app). The error is kept instead; the query in
 * flight fails with it, so does every later one, and the caller discards the client (end()).
 */
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
  client.on('error', (e: Error) => {
    if (!lostConnections.has(client)) lostConnections.set(client, e);
  });
  try {
    await client.connect();
  } catch (e) {
    await client.end().catch(() => undefined);
    throw hubError(e, url);
  }
  return client;
}

/** The error that broke each connection made by connectHub, once it broke. */
const lostConnections = new WeakMap<pg.ClientBase, Error>();

/** Why this hub connection is no longer usable, or null while it is. */
export const connectionLost = (client: pg.ClientBase): Error | null => lostConnections.get(client) ?? null;

export class PgHub implements HubTransport {
  /** The hub's schema version, from the last info(); 2 has push_fields and pull_page, 3 push_changes. */
  private version = 1;
  /** The xid8s of this connection's pushes that returned: their rows are this laptop's own values. */
  private readonly ownXids = new Set<string>();

  constructor(
    private readonly client: pg.ClientBase,
    private readonly url?: string,
  ) {}

  private async q<R extends pg.QueryResultRow>(sql: string, params: unknown[]): Promise<pg.QueryResult<R>> {
    const lost = connectionLost(this.client);
    if (lost) throw hubError(lost, this.url);
    try {
      return await this.client.query<R>(sql, params);
    } catch (e) {
      // A query that failed because the connection broke says "cannot reach", whatever it was told.
      throw hubError(connectionLost(this.client) ?? e, this.url);
    }
  }

  /**
   * Whether this workspace's client id is registered on the hub, and to whom: `mine` (to this
   * login), `new` (not yet: the first push registers it), or `other` (to another login, which the
   * hub's row-level security does not let this one see). Probed in a transaction rolled back, so
   * nothing is registered by asking.
   */
  async registration(clientId: string, node: string): Promise<{ login: string; registered: 'mine' | 'new' | 'other' }> {
    const me = await this.q<{ login: string; mine: boolean }>(
      'SELECT current_user::text AS login, EXISTS (SELECT 1 FROM leadpact.clients WHERE client_id = $1::uuid) AS mine',
      [clientId],
    );
    const login = me.rows[0]!.login;
    if (me.rows[0]!.mine) return { login, registered: 'mine' };
    await this.q('BEGIN', []);
    try {
      const r = await this.q('INSERT INTO leadpact.clients (client_id, node) VALUES ($1::uuid, $2) ON CONFLICT (client_id) DO NOTHING RETURNING client_id', [clientId, node]);
      return { login, registered: r.rowCount ? 'new' : 'other' };
    } finally {
      await this.q('ROLLBACK', []).catch(() => undefined);
    }
  }

  async info(): Promise<HubInfo> {
    const r = await this.q<{ hub_id: string; horizon_xid: string; horizon_id: string; version: number; now_ms: string }>(
      'SELECT hub_id, horizon_xid::text, horizon_id::text, version, now_ms::text FROM leadpact.hub_info()',
      [],
    );
    const row = r.rows[0]!;
    this.version = row.version;
    return { hubId: row.hub_id, horizon: { xid: row.horizon_xid, id: row.horizon_id }, version: row.version, nowMs: Number(row.now_ms) };
  }

  async push(clientId: string, node: string, prev: number, changes: readonly PushChange[]): Promise<number> {
    return (await this.pushTracked(clientId, node, prev, changes)).acked;
  }

  async pushTracked(clientId: string, node: string, prev: number, changes: readonly PushChange[]): Promise<PushResult> {
    if (this.version < 2) {
      const r = await this.q<{ last: string }>('SELECT leadpact.push($1::uuid, $2, $3::bigint, $4::jsonb)::text AS last', [
        clientId,
        node,
        prev,
        JSON.stringify(changes),
      ]);
      return { acked: Number(r.rows[0]!.last), held: prev, lost: null };
    }
    // Schema 3's push_changes takes the same message and returns the same as push_fields.
    const fn = this.version < 3 ? 'push_fields' : 'push_changes';
    const r = await this.q<{ last: string; xid: string | null; held: string; lost_tbl: string[] | null; lost_row: string[] | null; lost_col: string[] | null }>(
      `SELECT last::text, xid::text, held::text, lost_tbl, lost_row, lost_col FROM leadpact.${fn}($1::uuid, $2, $3::bigint, $4::jsonb)`,
      [clientId, node, prev, JSON.stringify(changes)],
    );
    const out = r.rows[0]!;
    if (out.xid === null) return { acked: Number(out.last), held: Number(out.held), lost: null };
    this.ownXids.add(out.xid);
    const lost = new Set<string>();
    for (let i = 0; i < (out.lost_tbl?.length ?? 0); i++) lost.add(`${out.lost_tbl![i]}\u0000${out.lost_row![i]}\u0000${out.lost_col![i]}`);
    return { acked: Number(out.last), held: Number(out.held), lost };
  }

  async pull(after: { xid: string; id: string }, limit: number): Promise<PulledField[]> {
    const r = await this.q<{ xid: string; id: string; tbl: string; row_id: string; col: string; value: FieldValue; clock: string; base: string | null }>(
      'SELECT xid::text, id::text, tbl, row_id, col, value, clock, base FROM leadpact.pull($1::xid8, $2::bigint, $3::int)',
      [after.xid, after.id, limit],
    );
    return r.rows.map((x) => ({ xid: x.xid, id: x.id, tbl: x.tbl, rowId: x.row_id, col: x.col, value: x.value, clock: x.clock, base: x.base }));
  }

  async pullOthers(after: { xid: string; id: string }, limit: number): Promise<PullPage> {
    if (this.version < 2) {
      const fields = await this.pull(after, limit);
      const last = fields[fields.length - 1];
      return { fields, end: last ? { xid: last.xid, id: last.id } : null, scanned: fields.length };
    }
    // Pushes wholly before the cursor can no longer be met.
    for (const x of this.ownXids) if (BigInt(x) < BigInt(after.xid)) this.ownXids.delete(x);
    const r = await this.q<{ xid: string; id: string; tbl: string | null; row_id: string; col: string; value: FieldValue; clock: string; base: string | null }>(
      'SELECT xid::text, id::text, tbl, row_id, col, value, clock, base FROM leadpact.pull_page($1::xid8, $2::bigint, $3::int, $4::xid8[])',
      [after.xid, after.id, limit, [...this.ownXids]],
    );
    const fields: PulledField[] = [];
    let end: PullPage['end'] = null;
    let scanned = 0;
    for (const x of r.rows) {
      if (x.tbl === null) {
        end = { xid: x.xid, id: x.id };
        scanned = Number(x.value);
      } else fields.push({ xid: x.xid, id: x.id, tbl: x.tbl, rowId: x.row_id, col: x.col, value: x.value, clock: x.clock, base: x.base });
    }
    return { fields, end, scanned };
  }
}
