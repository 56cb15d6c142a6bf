import { openWorkspace, type Db } from '../db/connection.js';
import { addHubUser, initHub, purgeHub } from '../sync/hub-admin.js';
import { assertHubUrl, redactUrl } from '../sync/hub-client.js';
import { conflicts, syncStatus, syncWithHub } from '../sync/service.js';
import { discardRefused, onlyHere, refused, retryRefused } from '../sync/refused.js';
import { rescore } from '../services/rescore.js';
import { AppError } from '../../shared/errors.js';
import type { Command } from './commands.js';

const NEW_PASSWORD_ENV = 'LEADPACT_HUB_NEW_PASSWORD';
const TEAMS = ['marketing', 'sales', 'ops'] as const;

function needUrl(v: string | boolean | undefined): string {
  if (typeof v !== 'string' || !v) throw new AppError('validation', '--url is required, e.g. --url postgres://alice@db.example.com/leadpact');
  assertHubUrl(v);
  return v;
}

async function withDb<T>(file: string, fn: (db: Db) => Promise<T> | T): Promise<T> {
  const db = openWorkspace(file);
  try {
    return await fn(db);
  } finally {
    db.close();
  }
}

function changeNumber(v: string | boolean | undefined): number {
  if (typeof v !== 'string' || !/^\d+$/.test(v)) throw new AppError('validation', '--change N is required: the number shown by "leadpact sync refused".');
  return Number(v);
}

const when = (ms: number | null) => (ms === null ? 'never' : new Date(ms).toISOString());

export const syncCommands: Record<string, Command> = {
  sync: {
    usage: 'leadpact sync <file> --url postgres://USER@HOST/DB [--json]',
    summary: 'Push this workspace\'s changes to the team hub and pull everyone else\'s (password: in the URL or PGPASSWORD).',
    options: {
      url: { type: 'string', description: 'the hub, postgres://USER[:PASSWORD]@HOST[:PORT]/DB' },
      json: { type: 'boolean', description: 'print the result as JSON' },
    },
    positionals: ['file'],
    async run({ positionals: [file], values }, io) {
      const url = needUrl(values.url);
      const r = await withDb(file!, async (db) => {
        const report = await syncWithHub(db, url);
        // The pull changed what every score depends on (another version live, its rules): rescore now.
        const full = report.rescoreAll ? rescore(db, report.rescoreAll) : null;
        return { ...report, rescored: full ? full.scored : report.rescored };
      });
      if (values.json) io.out(JSON.stringify(r));
      else {
        io.out(
          `Synced with ${redactUrl(url)}: pushed ${r.pushed} changes, pulled ${r.pulled} fields (${r.applied} applied)` +
            `${r.fullResync ? ', full resync' : ''}; ${r.conflicts} new conflicts; ${r.pending} pending.` +
            (r.rescored ? ` ${r.rescored} lead${r.rescored === 1 ? '' : 's'} rescored.` : '') +
            (r.refusedTotal ? ` ${r.refusedTotal} change${r.refusedTotal === 1 ? '' : 's'} refused by the hub (${r.refused} now): see "leadpact sync refused ${file!}".` : ''),
        );
      }
    },
  },
  'sync status': {
    usage: 'leadpact sync status <file> [--json]',
    summary: 'Last sync, changes waiting to be pushed, and conflicts.',
    options: { json: { type: 'boolean', description: 'print as JSON' } },
    positionals: ['file'],
    async run({ positionals: [file], values }, io) {
      const s = await withDb(file!, (db) => syncStatus(db));
      if (values.json) io.out(JSON.stringify(s));
      else io.out(`Last sync: ${when(s.lastSyncAt)}; ${s.pending} changes pending; ${s.conflicts} conflicts (${s.unseenConflicts} not yet seen).`);
    },
  },
  'sync conflicts': {
    usage: 'leadpact sync conflicts <file> [--json]',
    summary: 'Values that lost to a concurrent edit on another laptop (newest first).',
    options: { json: { type: 'boolean', description: 'print as JSON' } },
    positionals: ['file'],
    async run({ positionals: [file], values }, io) {
      const rows = await withDb(file!, (db) => conflicts(db));
      if (values.json) {
        io.out(JSON.stringify(rows));
        return;
      }
      if (!rows.length) io.out('No conflicts.');
      for (const c of rows) {
        io.out(`${when(c.detectedAt)}  ${c.tbl}.${c.col} of ${c.rowId}: kept ${JSON.stringify(c.keptValue)}, lost ${JSON.stringify(c.lostValue)}`);
      }
    },
  },
  'sync refused': {
    usage: 'leadpact sync refused <file> [--json]',
    summary: 'Changes the hub refused (not allowed for your team, or a clock too far ahead), with its reason; retry or discard each.',
    options: { json: { type: 'boolean', description: 'print as JSON' } },
    positionals: ['file'],
    async run({ positionals: [file], values }, io) {
      const rows = await withDb(file!, (db) => refused(db).map((r) => ({ ...r, onlyHere: onlyHere(db, r) })));
      if (values.json) {
        io.out(JSON.stringify(rows));
        return;
      }
      if (!rows.length) io.out('No refused changes.');
      for (const r of rows) {
        const only = r.onlyHere ? '\n      This row exists only on this laptop: discarding the change deletes it.' : '';
        io.out(`#${r.seq}  ${when(r.refusedAt)}  ${r.tbl} ${r.rowId}: ${Object.keys(r.cols).join(', ')}\n      ${r.reason}${only}`);
      }
    },
  },
  'sync retry': {
    usage: 'leadpact sync retry <file> [--change N]',
    summary: 'Put refused changes (all, or change N) back in the outbox for the next sync.',
    options: { change: { type: 'string', description: 'the number shown by "leadpact sync refused"' } },
    positionals: ['file'],
    async run({ positionals: [file], values }, io) {
      const seq = values.change === undefined ? null : changeNumber(values.change);
      const n = await withDb(file!, (db) => retryRefused(db, seq));
      io.out(`${n} refused change${n === 1 ? '' : 's'} will be sent again at the next sync.`);
    },
  },
  'sync discard': {
    usage: 'leadpact sync discard <file> --change N [--delete]',
    summary: 'Give up refused change N: the next sync brings back the hub\'s values (the change stays in the audit log).',
    options: {
      change: { type: 'string', description: 'the number shown by "leadpact sync refused"' },
      delete: { type: 'boolean', description: 'also when the change made a row that exists only on this laptop: that row is deleted' },
    },
    positionals: ['file'],
    async run({ positionals: [file], values }, io) {
      const seq = changeNumber(values.change);
      const r = await withDb(file!, (db) => discardRefused(db, seq, { deleteOnlyCopy: values.delete === true }));
      io.out(
        r.deleted
          ? `Discarded refused change #${r.seq} and deleted ${r.tbl} ${r.rowId}, which existed only on this laptop.`
          : `Discarded refused change #${r.seq} (${r.tbl} ${r.rowId}); the next sync reads the hub's values again.`,
      );
    },
  },
  'hub init': {
    usage: 'leadpact hub init --url postgres://ADMIN@HOST/DB',
    summary: 'Create or upgrade the team hub: schema, group roles, row-level security (run as the database admin).',
    options: { url: { type: 'string', description: "the hub database, as a role that may create schemas and roles" } },
    positionals: [],
    async run({ values }, io) {
      const url = needUrl(values.url);
      const r = await initHub(url);
      io.out(r.from === r.to ? `Hub ${redactUrl(url)} is up to date (schema ${r.to}).` : `Hub ${redactUrl(url)}: schema ${r.from} -> ${r.to}.`);
    },
  },
  'hub add-user': {
    usage: `leadpact hub add-user --url postgres://ADMIN@HOST/DB --login NAME --team marketing|sales|ops [--owner]  (password from $${NEW_PASSWORD_ENV})`,
    summary: 'Create (or reset) a member\'s login role in the groups of their team.',
    options: {
      url: { type: 'string', description: 'the hub database, as its admin' },
      login: { type: 'string', description: 'the login name (lowercase)' },
      team: { type: 'string', description: 'marketing, sales or ops' },
      owner: { type: 'boolean', description: 'also in the owners group' },
    },
    positionals: [],
    async run({ values }, io) {
      const url = needUrl(values.url);
      const login = typeof values.login === 'string' ? values.login : '';
      if (!login) throw new AppError('validation', '--login is required.');
      const team = values.team;
      if (typeof team !== 'string' || !(TEAMS as readonly string[]).includes(team)) throw new AppError('validation', '--team must be marketing, sales or ops.');
      const password = process.env[NEW_PASSWORD_ENV];
      if (!password) throw new AppError('validation', `Set the new user's password in $${NEW_PASSWORD_ENV} (kept off the command line, which others can see).`);
      await addHubUser(url, { login, password, team: team as (typeof TEAMS)[number], owner: values.owner === true });
      io.out(`Hub user ${login} (${team}${values.owner ? ', owner' : ''}) is ready.`);
    },
  },
  'hub purge': {
    usage: 'leadpact hub purge --url postgres://ADMIN@HOST/DB [--retention-days N]',
    summary: 'Remove rows deleted longer ago than the retention window (default 90 days); older laptops then resync in full.',
    options: {
      url: { type: 'string', description: 'the hub database, as its admin' },
      'retention-days': { type: 'string', description: 'days a deleted row is kept (default 90)' },
    },
    positionals: [],
    async run({ values }, io) {
      const url = needUrl(values.url);
      const raw = values['retention-days'];
      const days = raw === undefined ? 90 : typeof raw === 'string' && /^\d+(\.\d+)?$/.test(raw) ? Number(raw) : NaN;
      if (!Number.isFinite(days)) throw new AppError('validation', `--retention-days must be a number of days (got "${String(raw)}").`);
      const n = await purgeHub(url, days);
      io.out(`Purged ${n} fields of rows deleted more than ${days} days ago.`);
    },
  },
};
