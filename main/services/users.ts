import type { Db } from '../db/connection.js';
import type { User, UserDraft, UserRefusal } from '../../shared/contracts/users.js';
import { AppError } from '../../shared/errors.js';
import { appendAudit } from '../db/audit.repo.js';
import { getMeta, setMeta } from '../db/meta.repo.js';
import { countOwners, getUser, insertUser, listUsers, softDeleteUser, updateUser } from '../db/users.repo.js';

const CURRENT_USER_KEY = 'current_user_id';

export const list = (db: Db): User[] => listUsers(db);

export function current(db: Db): User | null {
  const id = getMeta(db, CURRENT_USER_KEY);
  return id ? getUser(db, id) : null;
}

function mustGet(db: Db, id: string): User {
  const u = getUser(db, id);
  if (!u) throw new AppError('not_found', `No user with id ${id}.`);
  return u;
}

/**
 * Roles and teams are an owner's to change (as signing criteria is, see criteria.decide), once the
 * workspace has an owner at all: a workspace without one (first run, a fresh team) lets anyone set
 * the first owner up. `what` finishes "Only an owner can …".
 */
export function requireOwner(db: Db, what: string): void {
  if (countOwners(db) === 0) return;
  const me = current(db);
  if (me?.role === 'owner') return;
  const details: UserRefusal = { code: 'owner_only' };
  throw new AppError(
    'forbidden',
    me
      ? `Only an owner can ${what}; ${me.name} is a ${me.team} member.`
      : `Only an owner can ${what}; pick who you are (Settings → current user) first.`,
    details,
  );
}

/**
 * A version goes live only when a marketing owner and a sales owner sign it, so neither team may
 * lose its last owner: `after` is the user's team and role after the change, null when removed.
 * A team that had no owner to begin with is not this check's business.
 */
function keepAnOwner(db: Db, before: User, after: Pick<User, 'team' | 'role'> | null): void {
  if (before.role !== 'owner' || before.team === 'ops') return;
  if (after && after.role === 'owner' && after.team === before.team) return;
  if (countOwners(db, { team: before.team, exceptId: before.id }) > 0) return;
  const details: UserRefusal = { code: 'last_owner', team: before.team };
  throw new AppError(
    'conflict',
    `${before.name} is the only ${before.team} owner; make someone else a ${before.team} owner first.`,
    details,
  );
}

export function create(db: Db, draft: UserDraft): User {
  return db.transaction(() => {
    if (draft.role === 'owner') requireOwner(db, 'add an owner');
    const u = insertUser(db, draft);
    appendAudit(db, { userId: current(db)?.id ?? null, entity: 'user', entityId: u.id, action: 'create', after: u });
    if (!getMeta(db, CURRENT_USER_KEY)) setMeta(db, CURRENT_USER_KEY, u.id);
    return u;
  })();
}

/** Anyone may fix a name or an email (their own included); a role or a team is an owner's to change. */
export function update(db: Db, id: string, patch: Partial<UserDraft>): User {
  return db.transaction(() => {
    const before = mustGet(db, id);
    const next = { team: patch.team ?? before.team, role: patch.role ?? before.role };
    if (next.team !== before.team || next.role !== before.role) {
      requireOwner(db, 'change roles or teams');
      keepAnOwner(db, before, next);
    }
    updateUser(db, id, patch);
    const after = mustGet(db, id);
    appendAudit(db, { userId: current(db)?.id ?? null, entity: 'user', entityId: id, action: 'update', before, after });
    return after;
  })();
}

export function remove(db: Db, id: string): void {
  db.transaction(() => {
    const before = mustGet(db, id);
    if (getMeta(db, CURRENT_USER_KEY) === id) {
      throw new AppError('conflict', `${before.name} is the current user; pick another current user first.`);
    }
    if (before.role === 'owner') requireOwner(db, 'remove an owner');
    keepAnOwner(db, before, null);
    softDeleteUser(db, id);
    appendAudit(db, { userId: current(db)?.id ?? null, entity: 'user', entityId: id, action: 'delete', before });
  })();
}

export function setCurrent(db: Db, id: string): User {
  const u = mustGet(db, id);
  setMeta(db, CURRENT_USER_KEY, id);
  return u;
}
