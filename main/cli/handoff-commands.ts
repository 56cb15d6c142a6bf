import { openWorkspace, type Db } from '../db/connection.js';
import { reasonByCode, getReason } from '../db/reasons.repo.js';
import { workspaceTimeZone } from '../db/sla-settings.repo.js';
import { listUsers } from '../db/users.repo.js';
import * as handoffs from '../services/handoffs.js';
import type { HandoffRow } from '../../shared/contracts/handoffs.js';
import type { User } from '../../shared/contracts/users.js';
import { zonedTime } from '../../shared/domain/sla.js';
import { AppError } from '../../shared/errors.js';
import type { Command } from './commands.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const STATUSES = ['pending', 'decided', 'accepted', 'rejected', 'all'] as const;

function withDb<T>(file: string, fn: (db: Db) => T): T {
  const db = openWorkspace(file);
  try {
    return fn(db);
  } finally {
    db.close();
  }
}

/** A user by id, email or name (case-insensitive); an ambiguous name is refused rather than guessed. */
export function findUser(db: Db, who: string, flag: string): User {
  const needle = who.trim().toLowerCase();
  const users = listUsers(db);
  const byId = users.find((u) => u.id.toLowerCase() === needle);
  if (byId) return byId;
  const byEmail = users.filter((u) => u.email?.toLowerCase() === needle);
  if (byEmail.length === 1) return byEmail[0]!;
  const byName = users.filter((u) => u.name.toLowerCase() === needle);
  if (byName.length === 1) return byName[0]!;
  if (byName.length > 1) throw new AppError('validation', `--${flag} "${who}" matches ${byName.length} users; use their email or id.`);
  throw new AppError('not_found', `--${flag}: no user "${who}" (give an id, email or name).`);
}

function reasonOf(db: Db, codeOrId: string): string {
  const r = UUID.test(codeOrId) ? getReason(db, codeOrId) : reasonByCode(db, codeOrId.trim().toLowerCase());
  if (!r) throw new AppError('not_found', `--reject: no rejection reason "${codeOrId}" (give its code, e.g. no_budget, or its id).`);
  return r.id;
}

/** YYYY-MM-DD is the start of that day in the workspace time zone; a full ISO time is taken as written. */
function reopenDate(db: Db, text: string): number {
  const day = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (day) {
    const [y, m, d] = [Number(day[1]), Number(day[2]), Number(day[3])];
    const check = new Date(Date.UTC(y, m - 1, d));
    if (check.getUTCMonth() !== m - 1 || check.getUTCDate() !== d) throw new AppError('validation', `--reopen: ${text} is not a date.`);
    return zonedTime(y, m, d, 0, workspaceTimeZone(db));
  }
  const ms = /^\d{4}-\d{2}-\d{2}T/.test(text) ? Date.parse(text) : NaN;
  if (!Number.isFinite(ms)) throw new AppError('validation', `--reopen: "${text}" is not a date (use YYYY-MM-DD).`);
  return ms;
}

const line = (r: HandoffRow) =>
  [
    r.id,
    r.decision.padEnd(8),
    (r.slaDueAt ? new Date(r.slaDueAt).toISOString().slice(0, 16).replace('T', ' ') : '-').padEnd(16),
    r.breached ? 'BREACHED' : '        ',
    (r.repName ?? '-').padEnd(16),
    `${r.leadName} (${r.company})`,
    r.reasonLabel ? `: ${r.reasonLabel}` : '',
  ].join('  ');

export const handoffCommands: Record<string, Command> = {
  'handoffs list': {
    usage: 'leadpact handoffs list <file.db> [--rep R] [--status pending|decided|accepted|rejected|all] [--limit N] [--json]',
    summary: 'Handoffs by SLA due time, optionally of one rep (id, email or name) and one status.',
    options: {
      rep: { type: 'string', description: "the rep's id, email or name" },
      status: { type: 'string', description: 'pending, decided, accepted, rejected or all (default all)' },
      limit: { type: 'string', description: 'at most this many rows (default 500)' },
      json: { type: 'boolean', description: 'print JSON' },
    },
    positionals: ['file'],
    async run({ positionals: [file], values }, io) {
      const status = (values.status ?? 'all') as string;
      if (!(STATUSES as readonly string[]).includes(status)) {
        throw new AppError('validation', `--status must be one of ${STATUSES.join(', ')} (got "${status}").`);
      }
      const limitText = values.limit === undefined ? '500' : String(values.limit);
      const limit = /^\d+$/.test(limitText) ? Number(limitText) : NaN;
      if (!(limit >= 1 && limit <= 500)) throw new AppError('validation', `--limit must be a whole number from 1 to 500 (got "${limitText}").`);
      const result = withDb(file!, (db) => {
        const repId = typeof values.rep === 'string' ? findUser(db, values.rep, 'rep').id : undefined;
        return handoffs.list(db, {
          filters: { status: status as (typeof STATUSES)[number], ...(repId ? { repId } : {}) },
          sort: { column: 'slaDueAt', dir: 'asc' },
          limit,
        });
      });
      if (values.json) io.out(JSON.stringify(result.rows));
      else {
        for (const r of result.rows) io.out(line(r));
        io.out(`${result.rows.length} of ${result.total} handoffs.`);
      }
    },
  },
  'handoffs decide': {
    usage: 'leadpact handoffs decide <file.db> --id ID (--accept | --reject REASON [--comment C] [--reopen YYYY-MM-DD] [--to REP]) [--as USER] [--json]',
    summary: 'Accept or reject a handoff (REASON: a code such as no_budget, or an id), as the current user or --as USER.',
    options: {
      id: { type: 'string', description: 'the handoff id' },
      accept: { type: 'boolean', description: 'accept the handoff (the lead becomes an SAL)' },
      reject: { type: 'string', description: 'reject with this reason code or id' },
      comment: { type: 'string', description: 'a comment (required by some reasons)' },
      reopen: { type: 'string', description: 're-open date of a recycle (YYYY-MM-DD, workspace time zone)' },
      to: { type: 'string', description: 'for a reroute: the rep (id, email or name) who gets the lead' },
      as: { type: 'string', description: 'decide as this user (id, email or name) instead of the current user' },
      json: { type: 'boolean', description: 'print the decided handoff as JSON' },
    },
    positionals: ['file'],
    async run({ positionals: [file], values }, io) {
      if (typeof values.id !== 'string' || !UUID.test(values.id)) throw new AppError('validation', '--id needs a handoff id.');
      const accept = values.accept === true;
      const reject = typeof values.reject === 'string' ? values.reject : undefined;
      if (accept === (reject !== undefined)) throw new AppError('validation', 'Give either --accept or --reject REASON.');
      if (accept && (values.reopen !== undefined || values.to !== undefined)) {
        throw new AppError('validation', '--reopen and --to go with --reject.');
      }
      const comment = typeof values.comment === 'string' ? values.comment : undefined;
      const row = withDb(file!, (db) => {
        const actor = typeof values.as === 'string' ? findUser(db, values.as, 'as').id : undefined;
        const decision = accept
          ? { decision: 'accept' as const, ...(comment !== undefined ? { comment } : {}) }
          : {
              decision: 'reject' as const,
              reasonId: reasonOf(db, reject!),
              ...(comment !== undefined ? { comment } : {}),
              ...(typeof values.reopen === 'string' ? { reopenAt: reopenDate(db, values.reopen) } : {}),
              ...(typeof values.to === 'string' ? { rerouteToRepId: findUser(db, values.to, 'to').id } : {}),
            };
        return handoffs.decide(db, values.id as string, decision, undefined, actor);
      });
      if (values.json) io.out(JSON.stringify(row));
      else
        io.out(
          row.decision === 'accepted'
            ? `Accepted the handoff of ${row.leadName} (${row.company}); the lead is now an SAL.`
            : `Rejected the handoff of ${row.leadName} (${row.company}): ${row.reasonLabel} (${row.action}); the lead is now ${row.leadStage}.`,
        );
    },
  },
};
