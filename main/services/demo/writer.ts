import type { Statement } from 'better-sqlite3';
import type { Db } from '../../db/connection.js';

/** Where full batches go when another thread does the writing: flat value arrays, table by table. */
export interface Forwarder {
  send(table: string, values: unknown[]): void;
}

/**
 * Multi-row INSERT batching: rows are buffered into one flat array and written `rowsPerStatement`
 * at a time through one cached prepared statement (`INSERT ... VALUES (...), (...), ...`), which
 * cuts the per-statement overhead of better-sqlite3 and SQLite's VDBE setup by that factor.
 * With a Forwarder instead of a database, each full batch is handed over as is (the worker thread
 * then runs it with `runFlat`).
 */
export class BatchInsert {
  readonly table: string;
  private readonly db: Db | null;
  private readonly forwarder: Forwarder | null;
  private readonly columns: readonly string[];
  private readonly width: number;
  private readonly size: number;
  private buffer: unknown[];
  private filled = 0;
  private fullStatement: Statement | null = null;
  private readonly partial = new Map<number, Statement>();
  /** Also sees every batch written here (full or the last one), before its buffer is reused. */
  tee: ((values: readonly unknown[], length: number) => void) | null = null;
  rows = 0;

  constructor(target: Db | Forwarder, table: string, columns: readonly string[], rowsPerStatement = 1000) {
    const isForwarder = 'send' in target && !('prepare' in target);
    this.forwarder = isForwarder ? (target as Forwarder) : null;
    this.db = isForwarder ? null : (target as Db);
    this.table = table;
    this.columns = columns;
    this.width = columns.length;
    // SQLite allows at most 32,766 bound parameters per statement.
    this.size = this.width * Math.max(1, Math.min(rowsPerStatement, Math.floor(32_766 / this.width)));
    this.buffer = new Array<unknown>(this.size);
  }

  /** The statement for a full batch, prepared on first use (a thread prepares only the tables it writes). */
  private get full(): Statement {
    return (this.fullStatement ??= this.statement(this.db!, this.size / this.width));
  }

  private statement(db: Db, rows: number): Statement {
    const tuple = `(${this.columns.map(() => '?').join(',')})`;
    // Table and column names come from the constant lists below, never from input.
    return db.prepare(
      `INSERT INTO ${this.table} (${this.columns.join(',')}) VALUES ${Array(rows).fill(tuple).join(',')}`,
    );
  }

  /** Append one row; its values in column order. */
  add(...values: unknown[]): void {
    this.addRow(values);
  }

  addRow(values: readonly unknown[]): void {
    if (values.length !== this.width)
      throw new Error(`${this.table}: expected ${this.width} values, got ${values.length}`);
    const buf = this.buffer;
    let at = this.filled;
    for (let i = 0; i < values.length; i++) buf[at++] = values[i];
    this.filled = at;
    this.rows++;
    if (at === this.size) this.emit();
  }

  private emit(): void {
    this.tee?.(this.buffer, this.size);
    if (this.db) this.full.run(this.buffer);
    else {
      this.forwarder!.send(this.table, this.buffer);
      this.buffer = new Array<unknown>(this.size);
    }
    this.filled = 0;
  }

  /** Run a flat batch made by a forwarding BatchInsert of the same table (full or the last, shorter one). */
  runFlat(values: unknown[]): void {
    if (!this.db) throw new Error(`${this.table}: runFlat needs a database`);
    const rows = values.length / this.width;
    if (values.length === this.size) this.full.run(values);
    else this.partialStatement(rows).run(values);
    this.rows += rows;
  }

  private partialStatement(rows: number): Statement {
    let stmt = this.partial.get(rows);
    if (!stmt) {
      stmt = this.statement(this.db!, rows);
      this.partial.set(rows, stmt);
    }
    return stmt;
  }

  /** Write (or hand over) whatever is buffered. */
  flush(): void {
    if (this.filled === 0) return;
    const rest = this.buffer.slice(0, this.filled);
    this.tee?.(rest, rest.length);
    if (this.db) this.partialStatement(this.filled / this.width).run(rest);
    else this.forwarder!.send(this.table, rest);
    this.filled = 0;
  }
}

export const LEAD_COLUMNS = [
  'id',
  'external_id',
  'email',
  'name',
  'company',
  'domain',
  'country',
  'industry',
  'employees',
  'job_title',
  'seniority',
  'budget',
  'source',
  'first_offer_id',
  'first_campaign_id',
  'owner_id',
  'stage',
  'score_total',
  'score_level',
  'attributes',
  'created_at',
  'updated_at',
] as const;

export const TOUCHPOINT_COLUMNS = [
  'id',
  'lead_id',
  'type',
  'offer_id',
  'campaign_id',
  'channel',
  'landing_page',
  'occurred_at',
  'value',
  'created_at',
  'updated_at',
] as const;

export const HANDOFF_COLUMNS = [
  'id',
  'lead_id',
  'version_id',
  'score_at_handoff',
  'level',
  'handed_at',
  'rep_id',
  'sla_due_at',
  'decision',
  'decided_at',
  'decided_by',
  'reason_id',
  'action',
  'comment',
  'reopen_at',
  'stage_before',
  'checklist',
  'created_at',
  'updated_at',
] as const;

export const STAGE_EVENT_COLUMNS = [
  'id',
  'lead_id',
  'from_stage',
  'to_stage',
  'at',
  'by_user_id',
  'why',
  'handoff_id',
  'created_at',
] as const;

export const OUTCOME_COLUMNS = [
  'id',
  'lead_id',
  'external_id',
  'opened_at',
  'closed_at',
  'result',
  'amount',
  'currency',
  'loss_reason_id',
  'competitor',
  'created_at',
  'updated_at',
] as const;

export const SCORE_COLUMNS = [
  'id',
  'lead_id',
  'version_id',
  'fit_points',
  'engagement_points',
  'total',
  'level',
  'disqualified_by',
  'contributions',
  'computed_at',
  'created_at',
  'updated_at',
] as const;

/**
 * What lead_rollup takes from a lead (its `deleted` is 0 in the demo): the worker gets these for
 * each lead, so it can fill the rollup next to the handoffs, stage events and outcomes it holds.
 */
export const ROLLUP_LEAD_COLUMNS = ['id', 'first_offer_id', 'first_campaign_id', 'owner_id', 'created_at'] as const;
/** The worker's stand-in for leads when it fills lead_rollup (rollup-fill.ts reads `leads`). */
export const ROLLUP_LEADS_SQL = `CREATE TABLE leads (id TEXT PRIMARY KEY, first_offer_id TEXT, first_campaign_id TEXT,
  owner_id TEXT, created_at INTEGER NOT NULL, deleted INTEGER NOT NULL DEFAULT 0)`;
export const ROLLUP_LEADS_BATCH = 'rollup_leads';
const ROLLUP_LEAD_AT = ROLLUP_LEAD_COLUMNS.map((c) => LEAD_COLUMNS.indexOf(c));

export type BulkTable = 'leads' | 'touchpoints' | 'handoffs' | 'stage_events' | 'outcomes' | 'scores';
export const BULK_TABLES: readonly BulkTable[] = [
  'leads',
  'touchpoints',
  'handoffs',
  'stage_events',
  'outcomes',
  'scores',
];

/**
 * One batcher per table the simulation fills (touchpoints go through a TouchSink instead). Tables in
 * `forwarded` are handed to `forwarder` (the worker thread) rather than written here.
 */
export class DemoWriter {
  readonly leads: BatchInsert;
  readonly touchpoints: BatchInsert;
  readonly handoffs: BatchInsert;
  readonly stageEvents: BatchInsert;
  readonly outcomes: BatchInsert;
  readonly scores: BatchInsert;

  constructor(
    db: Db,
    rowsPerStatement = 1000,
    forward?: { tables: readonly BulkTable[]; forwarder: Forwarder; rollupLeads?: boolean },
  ) {
    const to = (t: BulkTable): Db | Forwarder => (forward?.tables.includes(t) ? forward.forwarder : db);
    this.leads = new BatchInsert(to('leads'), 'leads', LEAD_COLUMNS, rowsPerStatement);
    this.touchpoints = new BatchInsert(to('touchpoints'), 'touchpoints', TOUCHPOINT_COLUMNS, rowsPerStatement);
    this.handoffs = new BatchInsert(to('handoffs'), 'handoffs', HANDOFF_COLUMNS, rowsPerStatement);
    this.stageEvents = new BatchInsert(to('stage_events'), 'stage_events', STAGE_EVENT_COLUMNS, rowsPerStatement);
    this.outcomes = new BatchInsert(to('outcomes'), 'outcomes', OUTCOME_COLUMNS, rowsPerStatement);
    this.scores = new BatchInsert(to('scores'), 'scores', SCORE_COLUMNS, rowsPerStatement);
    if (forward?.rollupLeads) {
      const { forwarder } = forward;
      const width = LEAD_COLUMNS.length;
      this.leads.tee = (values, length) => {
        const slim = new Array<unknown>((length / width) * ROLLUP_LEAD_AT.length);
        let at = 0;
        for (let row = 0; row < length; row += width) for (const i of ROLLUP_LEAD_AT) slim[at++] = values[row + i];
        forwarder.send(ROLLUP_LEADS_BATCH, slim);
      };
    }
  }

  /** The batcher of a table by its SQL name. */
  table(name: string): BatchInsert {
    const b = this.all().find((x) => x.table === name);
    if (!b) throw new Error(`no batcher for ${name}`);
    return b;
  }

  private all(): BatchInsert[] {
    return [this.leads, this.handoffs, this.stageEvents, this.touchpoints, this.outcomes, this.scores];
  }

  flush(): void {
    for (const b of this.all()) b.flush();
  }

  counts(): Record<string, number> {
    return Object.fromEntries(this.all().map((b) => [b.table, b.rows]));
  }
}
