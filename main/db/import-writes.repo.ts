import type { Db } from './connection.js';
import { bulkId as newId } from './bulk-ids.js';
import { journal } from './imports.repo.js';
import { Refs } from './import-refs.repo.js';
import { hasLiveTouchpoints } from './import-bulk.repo.js';
import { LeadIdsByRowid } from './import-lead-ids.repo.js';
import { acceptForOutcome, pendingHandoffsOf } from './handoffs-write.repo.js';
import { leadIdFor, nameBasedId, outcomeIdFor, timedNameBasedId } from '../sync/ids.js';
import type { Stage } from '../../shared/contracts/common.js';
import type {
  HandoffImportRow,
  ImportKind,
  ImportRow,
  LeadImportRow,
  OfferImportRow,
  OutcomeImportRow,
  TouchpointImportRow,
} from '../../shared/domain/import/targets.js';

/**
 * Writing import rows: matching (leads by external id, else email; other kinds find their lead the
 * same way), insert or update, and the journal entry that lets undo reverse it. Each apply first
 * resolves everything that can fail (throwing RowRejected, having written nothing), then writes.
 * All statements are prepared once per import with bound parameters.
 */

export class RowRejected extends Error {
  constructor(
    readonly target: string,
    readonly value: string,
    reason: string,
  ) {
    super(reason);
    this.name = 'RowRejected';
  }
}

export type Outcome = 'insert' | 'update' | 'unchanged';

export interface WriteContext {
  importId: string;
  at: number;
  userId: string | null;
  fileName: string;
  /** Accumulated ms: in apply() as a whole, and in its lookups (leads and touchpoints). */
  timing?: { match: number; total: number };
  /** Rows the file is estimated to hold (from its size): a big touchpoints file loads every lead id once. */
  expectedRows?: number;
  /** Runs a set-based insert into stage_events (the bulk path replays its outbox trigger set-based). */
  setBased?: (run: () => void) => void;
  /** The file line a data row starts on (row 1 is the first after the header), for messages naming an earlier row. */
  lineOf?: (rowNo: number) => number | null;
}

/** "line 7" for an earlier row of the file, as the rejected-rows list and the errors CSV number them. */
function earlier(ctx: WriteContext, rowNo: number | null | undefined): string {
  if (rowNo === null || rowNo === undefined) return 'an earlier line';
  const line = ctx.lineOf?.(rowNo);
  return line ? `line ${line}` : `row ${rowNo}`;
}

export interface RowWriter {
  apply(row: ImportRow, rowNo: number): Outcome;
  warnings(): string[];
  /** New leads dated at the import's time because their row had no creation date (leads only). */
  undatedLeads?(): number;
  /** Before commit: journal and stage history of the rows inserted in bulk (set-based, see RowidLog). */
  finish(): void;
}

/**
 * Rows an import inserts into a big table are told apart by rowid: inside the import's transaction
 * nobody else writes, and SQLite gives each new row max(rowid)+1, so "rowid > the max at the start"
 * is exactly this import's rows. That saves a journal insert and a stage-event insert per row (done
 * once, set-based, in finish()), and tells a duplicate within the file from an existing row. The file
 * row of each inserted row is kept in a typed array (4 bytes a row) for duplicate messages.
 */
class RowidLog {
  readonly base: number;
  private rows = new Int32Array(1 << 16);
  constructor(db: Db, table: 'leads' | 'touchpoints') {
    this.base = (db.prepare(`SELECT coalesce(max(rowid), 0) AS m FROM ${table}`).get() as { m: number }).m;
  }
  mine(rowid: number): boolean {
    return rowid > this.base;
  }
  set(rowid: number | bigint, fileRow: number): void {
    const i = Number(rowid) - this.base - 1;
    if (i >= this.rows.length) {
      const grown = new Int32Array(Math.max(this.rows.length * 2, i + 1));
      grown.set(this.rows);
      this.rows = grown;
    }
    this.rows[i] = fileRow;
  }
  fileRow(rowid: number): number | null {
    return this.rows[rowid - this.base - 1] || null;
  }
}

type LeadRecord = Record<string, unknown> & {
  _rowid: number;
  id: string;
  stage: Stage;
  external_id: string | null;
  attributes: string;
  deleted: number;
};

const LEAD_COLUMNS: readonly [keyof LeadImportRow, string][] = [
  ['externalId', 'external_id'],
  ['email', 'email'],
  ['name', 'name'],
  ['company', 'company'],
  ['domain', 'domain'],
  ['country', 'country'],
  ['industry', 'industry'],
  ['employees', 'employees'],
  ['jobTitle', 'job_title'],
  ['seniority', 'seniority'],
  ['budget', 'budget'],
  ['source', 'source'],
  ['createdAt', 'created_at'],
];

const ALL_LEAD_COLUMNS = [
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
  'attributes',
  'created_at',
] as const;

function leadLookups(db: Db) {
  const byExternal = db.prepare('SELECT rowid AS _rowid, * FROM leads WHERE external_id = ?');
  const byEmail = db.prepare('SELECT rowid AS _rowid, * FROM leads WHERE email = ? AND deleted = 0 LIMIT 2');
  const stageOf = db.prepare('SELECT stage FROM leads WHERE id = ?').pluck();
  const refByExternal = db.prepare('SELECT id, stage, deleted FROM leads WHERE external_id = ?');
  const refByEmail = db.prepare('SELECT id, stage FROM leads WHERE email = ? AND deleted = 0 LIMIT 2');
  const attrMaps = new Map<string, Map<string, string | null>>();
  return {
    byExternal: (v: string) => byExternal.get(v) as LeadRecord | undefined,
    byEmail: (v: string) => byEmail.all(v) as LeadRecord[],
    refByExternal: (v: string) => refByExternal.get(v) as { id: string; stage: Stage; deleted: number } | undefined,
    refByEmail: (v: string) => refByEmail.all(v) as { id: string; stage: Stage }[],
    stageOf: (id: string) => stageOf.get(id) as Stage,
    /** Leads by an attribute value (for files linked by an id the lead keeps as an attribute); null = ambiguous. */
    byAttribute(attr: string, value: string): string | null | undefined {
      let m = attrMaps.get(attr);
      if (!m) {
        m = new Map();
        // The key is checked against /^[A-Za-z0-9_][A-Za-z0-9_.-]*$/ by the mapping schema; the path is still a bound parameter.
        const path = `$."${attr}"`;
        const rows = db
          .prepare(
            `SELECT id, json_extract(attributes, ?) AS v FROM leads WHERE deleted = 0 AND json_extract(attributes, ?) IS NOT NULL`,
          )
          .iterate(path, path) as Iterable<{
          id: string;
          v: unknown;
        }>;
        for (const r of rows) {
          const k = String(r.v);
          m.set(k, m.has(k) ? null : r.id);
        }
        attrMaps.set(attr, m);
      }
      return m.get(value);
    },
  };
}

type Lookups = ReturnType<typeof leadLookups>;

/** The lead a touchpoint, handoff or outcome row names: by external id, else email, else an attribute. */
function findLead(l: Lookups, row: Record<string, unknown>): { id: string; stage: Stage } {
  const ext = row['lead.externalId'] as string | undefined;
  const email = row['lead.email'] as string | undefined;
  if (ext !== undefined) {
    const r = l.refByExternal(ext);
    if (r && r.deleted === 0) return { id: r.id, stage: r.stage };
    if (email === undefined)
      throw new RowRejected('lead.externalId', ext, `no lead has external id "${ext}"${r ? ' (it was deleted)' : ''}`);
  }
  if (email !== undefined) {
    const rs = l.refByEmail(email);
    if (rs.length > 1)
      throw new RowRejected(
        'lead.email',
        email,
        `${rs.length} leads have the email "${email}"; give the external id to say which`,
      );
    if (rs[0]) return { id: rs[0].id, stage: rs[0].stage };
    throw new RowRejected(
      'lead.email',
      email,
      `no lead has the email "${email}"${ext !== undefined ? ` or external id "${ext}"` : ''}`,
    );
  }
  for (const [k, v] of Object.entries(row)) {
    if (!k.startsWith('lead.attributes.') || v === undefined) continue;
    const attr = k.slice('lead.attributes.'.length);
    const id = l.byAttribute(attr, String(v));
    if (id === null) throw new RowRejected(k, String(v), `several leads have ${attr} = "${String(v)}"`);
    if (id === undefined) throw new RowRejected(k, String(v), `no lead has ${attr} = "${String(v)}"`);
    return { id, stage: l.stageOf(id) };
  }
  throw new RowRejected('lead.externalId', '', 'the row names no lead');
}

export function createWriter(db: Db, kind: ImportKind, ctx: WriteContext): RowWriter {
  const j = journal(db);
  // Campaigns, offers and loss reasons the file names but the workspace lacks are created on the way: counted to say so.
  const madeByName = new Map<string, number>();
  const refs = new Refs(db, ctx.at, (entity, id) => {
    j.record(ctx.importId, entity, id, 'insert', null);
    madeByName.set(entity, (madeByName.get(entity) ?? 0) + 1);
  });
  const lookups = leadLookups(db);
  const why = `Imported from ${ctx.fileName}`;
  const stageEvent = db.prepare(
    `INSERT INTO stage_events (id, lead_id, from_stage, to_stage, at, by_user_id, why, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const leadById = db.prepare('SELECT * FROM leads WHERE id = ?');
  const setStage = db.prepare('UPDATE leads SET stage = ?, updated_at = ? WHERE id = ?');

  /** Move a lead forward (never back) when a handoff or outcome says it got further; journaled for undo. */
  const advance = (
    leadId: string,
    from: Stage,
    to: Stage,
    allowedFrom: readonly Stage[],
    at: number,
    rowNo: number,
  ): void => {
    if (from === to || !allowedFrom.includes(from)) return;
    const before = leadById.get(leadId) as LeadRecord;
    j.record(ctx.importId, 'leads', leadId, 'update', rowNo, before);
    setStage.run(to, ctx.at, leadId);
    // Named by (lead, stage) (its time may be the import's own): the same file imported on two
    // laptops makes one event, not two.
    let eventId = nameBasedId('import-stage', leadId, to);
    try {
      stageEvent.run(eventId, leadId, from, to, at, ctx.userId, `${why} (row ${rowNo})`, ctx.at);
    } catch (e) {
      if ((e as { code?: string }).code !== 'SQLITE_CONSTRAINT_PRIMARYKEY') throw e;
      eventId = newId(); // the lead made that move before (and was moved back since)
      stageEvent.run(eventId, leadId, from, to, at, ctx.userId, `${why} (row ${rowNo})`, ctx.at);
    }
    j.record(ctx.importId, 'stage_events', eventId, 'insert', rowNo);
  };

  const duplicate = (entity: string, id: string, target: string, value: string, what: string): void => {
    const prev = j.touchedAt(ctx.importId, entity, id);
    if (prev)
      throw new RowRejected(target, value, `${what} "${value}" already appears on ${earlier(ctx, prev.row)} of this file`);
  };

  const written = ((): RowWriter => {
    switch (kind) {
      case 'leads':
        return leadWriter(db, ctx, j, refs, lookups, duplicate);
      case 'touchpoints':
        return touchpointWriter(db, ctx, j, refs, lookups);
      case 'offers':
        return offerWriter(db, ctx, j, refs, duplicate);
      case 'handoffs':
        return handoffWriter(db, ctx, j, refs, lookups, advance);
      case 'outcomes':
        return outcomeWriter(db, ctx, j, refs, lookups, advance, duplicate);
    }
  })();
  const writer: RowWriter = { ...written, warnings: () => [...written.warnings(), ...createdByNameWarning(madeByName)] };
  const timing = ctx.timing;
  if (!timing) return writer;
  return {
    ...writer,
    apply(row, rowNo) {
      const t0 = performance.now();
      try {
        return writer.apply(row, rowNo);
      } finally {
        timing.total += performance.now() - t0;
      }
    },
  };
}

/** Adds the time since `t0` to the lookups' share (a no-op without timing). */
const matched = (ctx: WriteContext, t0: number): void => {
  if (ctx.timing) ctx.timing.match += performance.now() - t0;
};

type Journal = ReturnType<typeof journal>;
type Duplicate = (entity: string, id: string, target: string, value: string, what: string) => void;
type Advance = (
  leadId: string,
  from: Stage,
  to: Stage,
  allowedFrom: readonly Stage[],
  at: number,
  rowNo: number,
) => void;

const MADE_BY_NAME: Record<string, [string, string]> = {
  campaigns: ['campaign', 'campaigns'],
  offers: ['offer', 'offers'],
  loss_reasons: ['loss reason', 'loss reasons'],
};

/** "495 offers were created from the names in the file": a first offer named in a leads file is made if it is new. */
export function createdByNameWarning(made: ReadonlyMap<string, number>): string[] {
  const kept = [...made].filter(([entity, n]) => n > 0 && MADE_BY_NAME[entity]);
  if (kept.length === 0) return [];
  const parts = kept.map(([entity, n]) => `${n.toLocaleString('en')} ${MADE_BY_NAME[entity]![n === 1 ? 0 : 1]}`);
  const one = kept.length === 1 && kept[0]![1] === 1;
  return [`${parts.join(' and ')} ${one ? 'was' : 'were'} created from the names in the file (undoing the import removes them).`];
}

function unknownUserWarning(refs: Refs, field: string): string[] {
  if (refs.unknownUsers.size === 0) return [];
  const names = [...refs.unknownUsers].slice(0, 10);
  return [
    `${refs.unknownUsers.size} ${field} value(s) match no LeadPact user and were left empty: ${names.join(', ')}${refs.unknownUsers.size > 10 ? ', …' : ''}`,
  ];
}

function leadWriter(db: Db, ctx: WriteContext, j: Journal, refs: Refs, l: Lookups, duplicate: Duplicate): RowWriter {
  const log = new RowidLog(db, 'leads');
  let undated = 0;
  const cols = ['id', ...ALL_LEAD_COLUMNS, 'updated_at'];
  const insert = db.prepare(`INSERT INTO leads (${cols.join(', ')}) VALUES (${cols.map(() => '?').join(', ')})`);
  const update = db.prepare(
    `UPDATE leads SET ${[...ALL_LEAD_COLUMNS, 'updated_at'].map((c) => `${c} = @${c}`).join(', ')}, deleted = 0 WHERE id = @id`,
  );

  return {
    apply(row, rowNo) {
      const r = row as LeadImportRow;
      const t0 = ctx.timing ? performance.now() : 0;
      // 1. resolve (nothing written yet)
      let found: LeadRecord | undefined;
      if (r.externalId !== undefined) found = l.byExternal(r.externalId);
      if (!found && r.email !== undefined) {
        const byEmail = l.byEmail(r.email);
        if (byEmail.length > 1)
          throw new RowRejected(
            'email',
            r.email,
            `${byEmail.length} leads already have the email "${r.email}"; add the external id to say which`,
          );
        found = byEmail[0];
        if (found && r.externalId !== undefined && found.external_id !== null && found.external_id !== r.externalId) {
          throw new RowRejected(
            'email',
            r.email,
            `the email "${r.email}" belongs to the lead with external id "${found.external_id}", not "${r.externalId}"`,
          );
        }
      }
      if (found) {
        const target = r.externalId !== undefined ? 'externalId' : 'email';
        const value = r.externalId ?? r.email ?? '';
        const what = r.externalId !== undefined ? 'external id' : 'email';
        if (log.mine(found._rowid))
          throw new RowRejected(
            target,
            value,
            `${what} "${value}" already appears on ${earlier(ctx, log.fileRow(found._rowid))} of this file`,
          );
        duplicate('leads', found.id, target, value, what);
      }
      matched(ctx, t0);
      // 2. write
      const ownerId = r.owner !== undefined ? refs.user(r.owner) : undefined;
      const offer = r.firstOffer !== undefined ? refs.offer(r.firstOffer, {}) : undefined;
      const campaignId = r.firstCampaign !== undefined ? refs.campaign(r.firstCampaign, undefined) : undefined;
      if (!found) {
        if (r.createdAt === undefined) undated++;
        const createdAt = r.createdAt ?? ctx.at;
        // Positional, in the order of `cols` (binding an object by name costs more at a million rows).
        const values = [
          r.externalId ?? null,
          r.email ?? null,
          r.name ?? '',
          r.company ?? '',
          r.domain ?? null,
          r.country ?? '',
          r.industry ?? null,
          r.employees ?? null,
          r.jobTitle ?? null,
          r.seniority ?? null,
          r.budget ?? null,
          r.source ?? null,
          offer?.id ?? null,
          campaignId ?? offer?.campaignId ?? null,
          ownerId ?? null,
          'lead',
          r.attributes ? JSON.stringify(r.attributes) : '{}',
          createdAt,
          ctx.at,
        ];
        // A CRM id makes the lead's id, so the same export imported on two laptops is one lead when
        // they sync; the id is taken only when a lead made with that CRM id was given another since.
        let info;
        try {
          info = insert.run(r.externalId !== undefined ? leadIdFor(r.externalId, r.createdAt) : newId(), ...values);
        } catch (e) {
          if (r.externalId === undefined || (e as { code?: string }).code !== 'SQLITE_CONSTRAINT_PRIMARYKEY') throw e;
          info = insert.run(newId(), ...values);
        }
        log.set(info.lastInsertRowid, rowNo);
        return 'insert';
      }
      const next: Record<string, unknown> = { ...found };
      for (const [field, col] of LEAD_COLUMNS) if (r[field] !== undefined) next[col] = r[field];
      if (ownerId) next.owner_id = ownerId;
      if (offer) next.first_offer_id = offer.id;
      if (campaignId) next.first_campaign_id = campaignId;
      let attrsChanged = false;
      if (r.attributes) {
        const current = JSON.parse(found.attributes) as Record<string, unknown>;
        attrsChanged = Object.entries(r.attributes).some(([k, v]) => current[k] !== v);
        if (attrsChanged) next.attributes = JSON.stringify({ ...current, ...r.attributes });
      }
      const changed =
        attrsChanged || found.deleted !== 0 || ALL_LEAD_COLUMNS.some((c) => c !== 'attributes' && next[c] !== found[c]);
      if (!changed) {
        j.record(ctx.importId, 'leads', found.id, 'touch', rowNo);
        return 'unchanged';
      }
      const { _rowid, ...before } = found;
      j.record(ctx.importId, 'leads', found.id, 'update', rowNo, before);
      update.run({ ...pick(next, ALL_LEAD_COLUMNS), updated_at: ctx.at, id: found.id });
      return 'update';
    },
    warnings: () => unknownUserWarning(refs, 'owner'),
    undatedLeads: () => undated,
    finish() {
      insertedJournal(db, ctx, 'leads', log.base);
      // A lead's creation event is named by the lead, so one CSV imported on two laptops makes one
      // (an event of that name already there is that lead's creation, kept). Its time bits are the
      // lead id's, and the events go in in id order: both its primary key and stage_events_lead then
      // take them nearly in key order instead of at random (with the journal in id order below, 200k leads: 3.3 s -> 1.8 s).
      db.function('import_created_event_id', { deterministic: true }, (id) => createdEventId(String(id)));
      const events = db.prepare(
        `INSERT OR IGNORE INTO stage_events (id, lead_id, from_stage, to_stage, at, by_user_id, why, created_at)
         SELECT import_created_event_id(id), id, NULL, 'lead', created_at, ?, ?, ? FROM leads WHERE rowid > ? ORDER BY 1`,
      );
      const run = () => void events.run(ctx.userId, `Imported from ${ctx.fileName}`, ctx.at, log.base);
      if (ctx.setBased) ctx.setBased(run);
      else run();
    },
  };
}

/** A lead's creation event id: named by the lead, with the time bits of the lead's own id (UUIDv7). */
export function createdEventId(leadId: string): string {
  const t = /^([0-9a-f]{8})-([0-9a-f]{4})-/i.exec(leadId);
  return timedNameBasedId('lead-created', t ? parseInt(t[1]! + t[2]!, 16) : 0, leadId);
}

/**
 * Journal the rows this import inserted into a table, from the rowid range (see RowidLog). In id
 * order (a walk of the primary key's index, no sort), so the journal's key takes them in order:
 * 1M touchpoints in random id order took 9.9 s, in id order 1.8 s.
 */
function insertedJournal(db: Db, ctx: WriteContext, table: 'leads' | 'touchpoints', base: number): void {
  db.prepare(
    `INSERT INTO import_changes (import_id, entity, entity_id, op) SELECT ?, '${table}', id, 'insert' FROM ${table} WHERE rowid > ? ORDER BY id`,
  ).run(ctx.importId, base);
}

function pick(o: Record<string, unknown>, keys: readonly string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of keys) out[k] = o[k] ?? null;
  return out;
}

function touchpointWriter(db: Db, ctx: WriteContext, j: Journal, refs: Refs, l: Lookups): RowWriter {
  const log = new RowidLog(db, 'touchpoints');
  // Without live touchpoints before the import, the only row a touchpoint can be the same as is one
  // of this file's, and those carry the id of their natural key: the primary key finds them, so no
  // lookup per row (and the bulk path can drop touchpoints_lead, see bulk.ts). Otherwise a live row
  // made elsewhere (a random id) may be the same touchpoint, and only touchpoints_lead finds it.
  const lookUp = hasLiveTouchpoints(db);
  const leadIds = LeadIdsByRowid.load(db, ctx.expectedRows ?? 0);
  const leadOf = (r: TouchpointImportRow): string => {
    const ext = r['lead.externalId'];
    const id = leadIds && ext !== undefined ? leadIds.liveByExternalId(ext) : undefined;
    // Not found that way (no such lead, a deleted one, or named otherwise): the general lookup says why.
    return id ?? findLead(l, r).id;
  };
  const same = db.prepare(
    `SELECT rowid AS _rowid, * FROM touchpoints WHERE lead_id = ? AND occurred_at = ? AND type = ? AND offer_id IS ? AND deleted = 0 LIMIT 1`,
  );
  const byId = db.prepare('SELECT rowid AS _rowid FROM touchpoints WHERE id = ?');
  const cols = `(id, lead_id, type, offer_id, campaign_id, channel, landing_page, occurred_at, value, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`;
  const insert = db.prepare(`INSERT INTO touchpoints ${cols}`);
  const insertNew = db.prepare(`INSERT INTO touchpoints ${cols} ON CONFLICT (id) DO NOTHING`);
  const update = db.prepare(
    `UPDATE touchpoints SET campaign_id = ?, channel = ?, landing_page = ?, value = ?, updated_at = ? WHERE id = ?`,
  );
  // Natural-key ids held by a deleted touchpoint: this import's row got a fresh id (rare; see below).
  const displaced = new Set<string>();
  type Existing = Record<string, unknown> & { _rowid: number; id: string };
  const updateExisting = (found: Existing, r: TouchpointImportRow, campaign: string | null, rowNo: number): Outcome => {
    const { _rowid, ...existing } = found;
    const next = {
      campaign_id: campaign ?? existing.campaign_id,
      channel: r.channel ?? existing.channel,
      landing_page: r.landingPage ?? existing.landing_page,
      value: r.value ?? existing.value,
    };
    const changed = (Object.keys(next) as (keyof typeof next)[]).some((k) => next[k] !== existing[k]);
    // A touchpoint found unchanged needs no journal entry (a repeat in the file is "unchanged" too).
    if (!changed) return 'unchanged';
    if (!j.record(ctx.importId, 'touchpoints', existing.id, 'update', rowNo, existing)) return 'unchanged';
    update.run(next.campaign_id, next.channel, next.landing_page, next.value, ctx.at, existing.id);
    return 'update';
  };
  return {
    apply(row, rowNo) {
      const r = row as TouchpointImportRow;
      const t0 = ctx.timing ? performance.now() : 0;
      const lead = { id: leadOf(r) };
      const campaignId = r.campaign !== undefined ? refs.campaign(r.campaign, r.channel) : undefined;
      const offer =
        r.offer !== undefined
          ? refs.offer(r.offer, {
              type: r.type,
              campaignId: campaignId ?? null,
              ...(r.channel ? { channel: r.channel } : {}),
            })
          : undefined;
      const offerId = offer?.id ?? null;
      const campaign = campaignId ?? offer?.campaignId ?? null;
      const found = lookUp ? (same.get(lead.id, r.occurredAt, r.type, offerId) as Existing | undefined) : undefined;
      matched(ctx, t0);
      // The same touchpoint twice in one file is the same event, not a new one.
      if (found && log.mine(found._rowid)) return 'unchanged';
      if (found) return updateExisting(found, r, campaign, rowNo);
      // Named by what makes it the same touchpoint here (lead, time, type, offer as the file names
      // it): the same activities file imported on two laptops is one set of touchpoints after sync.
      // (A deleted touchpoint holding that id gets a fresh one.)
      const named = nameBasedId('import-touchpoint', lead.id, String(r.occurredAt), r.type, r.offer?.trim().toLowerCase() ?? '');
      const values = [lead.id, r.type, offerId, campaign, r.channel ?? null, r.landingPage ?? null, r.occurredAt, r.value ?? null, ctx.at, ctx.at];
      if (insertNew.run(named, ...values).changes === 1) return 'insert';
      // The id is taken: by this file's same touchpoint (without the lookup), or by a row from
      // before that is not the same touchpoint (deleted, or the lookup would have found it).
      const holder = byId.get(named) as Existing;
      if (log.mine(holder._rowid) || displaced.has(named)) return 'unchanged';
      displaced.add(named);
      insert.run(newId(), ...values);
      return 'insert';
    },
    warnings: () => [],
    finish: () => insertedJournal(db, ctx, 'touchpoints', log.base),
  };
}

function offerWriter(db: Db, ctx: WriteContext, j: Journal, refs: Refs, duplicate: Duplicate): RowWriter {
  const byId = db.prepare('SELECT * FROM offers WHERE id = ?');
  const insert = db.prepare(
    `INSERT INTO offers (id, name, type, campaign_id, channel, landing_page, cost, currency, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const update = db.prepare(
    `UPDATE offers SET type = ?, campaign_id = ?, channel = ?, landing_page = ?, cost = ?, currency = ?, updated_at = ? WHERE id = ?`,
  );
  return {
    apply(row, rowNo) {
      const r = row as OfferImportRow;
      const found = refs.findOffer(r.name);
      if (found) duplicate('offers', found.id, 'name', r.name, 'the offer');
      const campaignId = r.campaign !== undefined ? refs.campaign(r.campaign, r.channel) : undefined;
      if (!found) {
        const id = refs.namedId('offers', r.name.trim().toLowerCase());
        insert.run(
          id,
          r.name,
          r.type,
          campaignId ?? null,
          r.channel ?? null,
          r.landingPage ?? null,
          r.cost ?? 0,
          (r.currency ?? 'USD').toUpperCase(),
          ctx.at,
          ctx.at,
        );
        j.record(ctx.importId, 'offers', id, 'insert', rowNo);
        refs.rememberOffer(r.name, { id, campaignId: campaignId ?? null });
        return 'insert';
      }
      const cur = byId.get(found.id) as Record<string, unknown>;
      const next = {
        type: r.type,
        campaign_id: campaignId ?? cur.campaign_id,
        channel: r.channel ?? cur.channel,
        landing_page: r.landingPage ?? cur.landing_page,
        cost: r.cost ?? cur.cost,
        currency: r.currency?.toUpperCase() ?? cur.currency,
      };
      const changed = (Object.keys(next) as (keyof typeof next)[]).some((k) => next[k] !== cur[k]);
      if (!changed) {
        j.record(ctx.importId, 'offers', found.id, 'touch', rowNo);
        return 'unchanged';
      }
      j.record(ctx.importId, 'offers', found.id, 'update', rowNo, cur);
      update.run(
        next.type,
        next.campaign_id,
        next.channel,
        next.landing_page,
        next.cost,
        next.currency,
        ctx.at,
        found.id,
      );
      return 'update';
    },
    warnings: () => [],
    finish: () => undefined,
  };
}

const DEFAULT_SLA_MS = 48 * 3_600_000;

function handoffWriter(db: Db, ctx: WriteContext, j: Journal, refs: Refs, l: Lookups, advance: Advance): RowWriter {
  const same = db.prepare('SELECT * FROM handoffs WHERE lead_id = ? AND handed_at = ? AND deleted = 0 LIMIT 1');
  const slaHours = db
    .prepare(`SELECT sla_hours FROM criteria_versions WHERE status = 'active' AND deleted = 0`)
    .pluck()
    .get() as number | undefined;
  const sla = slaHours !== undefined ? slaHours * 3_600_000 : DEFAULT_SLA_MS;
  const insert = db.prepare(
    `INSERT INTO handoffs (id, lead_id, score_at_handoff, level, handed_at, rep_id, sla_due_at, decision, decided_at, decided_by, reason_id, action, comment, reopen_at, created_at, updated_at)
     VALUES (@id, @lead_id, @score_at_handoff, @level, @handed_at, @rep_id, @sla_due_at, @decision, @decided_at, @decided_by, @reason_id, @action, @comment, @reopen_at, @at, @at)`,
  );
  const update = db.prepare(
    `UPDATE handoffs SET score_at_handoff = @score_at_handoff, level = @level, rep_id = @rep_id, decision = @decision, decided_at = @decided_at,
       decided_by = @decided_by, reason_id = @reason_id, action = @action, comment = @comment, reopen_at = @reopen_at, updated_at = @at WHERE id = @id`,
  );
  const FIELDS = [
    'score_at_handoff',
    'level',
    'rep_id',
    'decision',
    'decided_at',
    'decided_by',
    'reason_id',
    'action',
    'comment',
    'reopen_at',
  ] as const;
  return {
    apply(row, rowNo) {
      const r = row as HandoffImportRow;
      const lead = findLead(l, r);
      const reason = r.reason !== undefined ? refs.rejectionReason(r.reason) : null;
      if (r.reason !== undefined && !reason)
        throw new RowRejected(
          'reason',
          r.reason,
          `"${r.reason}" is not a rejection reason of this workspace (use its code or label)`,
        );
      const existing = same.get(lead.id, r.handedAt) as (Record<string, unknown> & { id: string }) | undefined;
      const repId = r.rep !== undefined ? refs.user(r.rep) : null;
      const decision = r.decision ?? (existing?.decision as string | undefined) ?? 'pending';
      const next = {
        score_at_handoff: r.score ?? existing?.score_at_handoff ?? 0,
        level: r.level ?? existing?.level ?? null,
        rep_id: repId ?? existing?.rep_id ?? null,
        decision,
        decided_at: r.decidedAt ?? existing?.decided_at ?? null,
        decided_by: decision === 'pending' ? null : (repId ?? existing?.decided_by ?? null),
        reason_id: reason?.id ?? existing?.reason_id ?? null,
        action: reason?.action ?? existing?.action ?? null,
        comment: r.comment ?? existing?.comment ?? null,
        reopen_at: r.reopenAt ?? existing?.reopen_at ?? null,
      };
      let outcome: Outcome;
      if (existing) {
        const changed = FIELDS.some((k) => next[k] !== existing[k]);
        if (
          !j.record(
            ctx.importId,
            'handoffs',
            existing.id,
            changed ? 'update' : 'touch',
            rowNo,
            changed ? existing : null,
          )
        ) {
          throw new RowRejected(
            'handedAt',
            String(r.handedAt),
            `the same handoff (lead and time) already appears on ${earlier(ctx, j.touchedAt(ctx.importId, 'handoffs', existing.id)?.row)} of this file`,
          );
        }
        if (!changed) return 'unchanged';
        update.run({ ...next, at: ctx.at, id: existing.id });
        outcome = 'update';
      } else {
        const id = newId();
        insert.run({ ...next, id, lead_id: lead.id, handed_at: r.handedAt, sla_due_at: r.handedAt + sla, at: ctx.at });
        j.record(ctx.importId, 'handoffs', id, 'insert', rowNo);
        outcome = 'insert';
      }
      const to: Stage = decision === 'accepted' ? 'sal' : decision === 'rejected' ? 'rejected' : 'mql';
      const at = decision === 'pending' ? r.handedAt : (r.decidedAt ?? r.handedAt);
      advance(lead.id, lead.stage, to, ['suspect', 'lead', 'mql', 'recycled'], at, rowNo);
      return outcome;
    },
    warnings: () => unknownUserWarning(refs, 'rep'),
    finish: () => undefined,
  };
}

function outcomeWriter(
  db: Db,
  ctx: WriteContext,
  j: Journal,
  refs: Refs,
  l: Lookups,
  advance: Advance,
  duplicate: Duplicate,
): RowWriter {
  const byExternal = db.prepare('SELECT * FROM outcomes WHERE external_id = ?');
  const byId = db.prepare('SELECT 1 FROM outcomes WHERE id = ?');
  const insert = db.prepare(
    `INSERT INTO outcomes (id, lead_id, external_id, opened_at, closed_at, result, amount, currency, loss_reason_id, competitor, created_at, updated_at)
     VALUES (@id, @lead_id, @external_id, @opened_at, @closed_at, @result, @amount, @currency, @loss_reason_id, @competitor, @at, @at)`,
  );
  const update = db.prepare(
    `UPDATE outcomes SET lead_id = @lead_id, opened_at = @opened_at, closed_at = @closed_at, result = @result, amount = @amount, currency = @currency,
       loss_reason_id = @loss_reason_id, competitor = @competitor, deleted = 0, updated_at = @at WHERE id = @id`,
  );
  const FIELDS = [
    'lead_id',
    'opened_at',
    'closed_at',
    'result',
    'amount',
    'currency',
    'loss_reason_id',
    'competitor',
  ] as const;
  return {
    apply(row, rowNo) {
      const r = row as OutcomeImportRow;
      const lead = findLead(l, r);
      const existing =
        r.externalId !== undefined
          ? (byExternal.get(r.externalId) as (Record<string, unknown> & { id: string; deleted: number }) | undefined)
          : undefined;
      if (existing) duplicate('outcomes', existing.id, 'externalId', r.externalId!, 'opportunity id');
      const lossReasonId = r.lossReason !== undefined ? refs.lossReason(r.lossReason) : undefined;
      const next = {
        lead_id: lead.id,
        opened_at: r.openedAt ?? existing?.opened_at ?? null,
        closed_at: r.closedAt ?? existing?.closed_at ?? null,
        result: r.result,
        amount: r.amount ?? existing?.amount ?? null,
        currency: r.currency?.toUpperCase() ?? existing?.currency ?? 'USD',
        loss_reason_id: lossReasonId ?? existing?.loss_reason_id ?? null,
        competitor: r.competitor ?? existing?.competitor ?? null,
      };
      let outcome: Outcome;
      let outcomeId: string;
      if (existing) {
        const changed = existing.deleted !== 0 || FIELDS.some((k) => next[k] !== existing[k]);
        j.record(ctx.importId, 'outcomes', existing.id, changed ? 'update' : 'touch', rowNo, changed ? existing : null);
        if (!changed) return 'unchanged';
        update.run({ ...next, id: existing.id, at: ctx.at });
        outcome = 'update';
        outcomeId = existing.id;
      } else {
        // An opportunity id makes the outcome's id (as a CRM id does a lead's), unless already taken.
        const named = r.externalId !== undefined ? outcomeIdFor(r.externalId) : null;
        const id = named !== null && byId.get(named) === undefined ? named : newId();
        insert.run({ ...next, id, external_id: r.externalId ?? null, at: ctx.at });
        j.record(ctx.importId, 'outcomes', id, 'insert', rowNo);
        outcome = 'insert';
        outcomeId = id;
      }
      const to: Stage = r.result === 'won' ? 'won' : r.result === 'lost' ? 'lost' : 'opportunity';
      const from: readonly Stage[] =
        r.result === 'open'
          ? ['suspect', 'lead', 'mql', 'sal', 'sql', 'recycled']
          : ['suspect', 'lead', 'mql', 'sal', 'sql', 'opportunity', 'recycled', 'rejected'];
      const at = r.result === 'open' ? (r.openedAt ?? ctx.at) : (r.closedAt ?? r.openedAt ?? ctx.at);
      advance(lead.id, lead.stage, to, from, at, rowNo);
      for (const h of pendingHandoffsOf(db, lead.id)) {
        j.record(ctx.importId, 'handoffs', h.id, 'update', rowNo, h);
        acceptForOutcome(db, h.id, { at: Math.min(at, ctx.at), by: ctx.userId, stageBefore: lead.stage, outcomeId, updatedAt: ctx.at });
      }
      return outcome;
    },
    warnings: () => [],
    finish: () => undefined,
  };
}
