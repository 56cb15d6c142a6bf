import pg from 'pg';
import { addHubUser, initHub } from '../../main/sync/hub-admin.js';
import { connectHub, PgHub, type HubTransport } from '../../main/sync/hub-client.js';
import { syncOnce, type SyncOptions, type SyncReport } from '../../main/sync/engine.js';
import type { Db } from '../../main/db/connection.js';
import type { TestCluster } from './postgres.js';
import { createTestDb, type TestDb } from './test-db.js';

let users = 0;

export interface Member {
  login: string;
  password: string;
  team: 'marketing' | 'sales' | 'ops';
}

/** A fresh hub database (one per test) with the schema from `leadpact hub init`. */
export class TestHub {
  private readonly clients: pg.Client[] = [];
  private readonly workspaces: TestDb[] = [];
  private constructor(
    readonly cluster: TestCluster,
    readonly database: string,
  ) {}

  static async create(cluster: TestCluster): Promise<TestHub> {
    const database = await cluster.createDatabase();
    await initHub(cluster.adminUrl(database));
    return new TestHub(cluster, database);
  }

  get adminUrl(): string {
    return this.cluster.adminUrl(this.database);
  }

  async member(team: Member['team'], owner = false): Promise<Member> {
    const m: Member = { login: `${team.slice(0, 3)}_${process.pid}_${++users}`, password: `pw-${users}-secret`, team };
    await addHubUser(this.adminUrl, { login: m.login, password: m.password, team, owner });
    return m;
  }

  url(m: Member): string {
    return this.cluster.url(m.login, m.password, this.database);
  }

  async connect(m: Member): Promise<pg.Client> {
    const c = await connectHub(this.url(m));
    this.clients.push(c);
    return c;
  }

  async admin(): Promise<pg.Client> {
    const c = new pg.Client({ connectionString: this.adminUrl });
    await c.connect();
    this.clients.push(c);
    return c;
  }

  /** A laptop: its own workspace file, logged in to the hub as `m`. */
  async laptop(m: Member): Promise<Laptop> {
    const t = createTestDb();
    this.workspaces.push(t);
    const client = await this.connect(m);
    return new Laptop(t, new PgHub(client), m);
  }

  async close(): Promise<void> {
    for (const c of this.clients) await c.end().catch(() => undefined);
    for (const w of this.workspaces) w.cleanup();
  }
}

export class Laptop {
  constructor(
    readonly t: TestDb,
    public hub: HubTransport,
    readonly member: Member,
  ) {}

  get db(): Db {
    return this.t.db;
  }

  sync(options?: SyncOptions): Promise<SyncReport> {
    return syncOnce(this.db, this.hub, options);
  }

  /** The synced state of a table, for comparing laptops. */
  rows(table: string, columns: string): unknown[] {
    return this.db.prepare(`SELECT id, ${columns} FROM ${table} ORDER BY id`).all();
  }

  conflicts(): { tbl: string; row_id: string; col: string; kept_value: string; lost_value: string }[] {
    return this.db.prepare('SELECT tbl, row_id, col, kept_value, lost_value FROM sync_conflicts ORDER BY detected_at, id').all() as never;
  }
}
