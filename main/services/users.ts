import type { Db } from '../db/connection.js';
import type { User, UserDraft } from '../../shared/contracts/users.js';
import { AppError } from '../../shared/errors.js';
import { appendAudit } from '../db/audit.repo.js';
import { getMeta, setMeta } from '../db/meta.repo.js';
import { getUser, insertUser, listUsers, softDeleteUser, updateUser } from '../db/users.repo.js';

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

export function create(db: Db, draft: UserDraft): User {
  return db.transaction(() => {
    const u = insertUser(db, draft);
    appendAudit(db, { userId: current(db)?.id ?? null, entity: 'user', entityId: u.id, action: 'create', after: u });
    if (!getMeta(db, CURRENT_USER_KEY)) setMeta(db, CURRENT_USER_KEY, u.id);
    return u;
  })();
}

export function update(db: Db, id: string, patch: Partial<UserDraft>): User {
  return db.transaction(() => {
    const before = mustGet(db, id);
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
    softDeleteUser(db, id);
    appendAudit(db, { userId: current(db)?.id ?? null, entity: 'user', entityId: id, action: 'delete', before });
  })();
}

export function setCurrent(db: Db, id: string): User {
  const u = mustGet(db, id);
  setMeta(db, CURRENT_USER_KEY, id);
  return u;
}
