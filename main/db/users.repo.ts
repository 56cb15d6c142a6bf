import type { Db } from './connection.js';
import type { User, UserDraft } from '../../shared/contracts/users.js';
import { newId, now } from './ids.js';

interface UserRecord {
  id: string;
  name: string;
  email: string | null;
  team: User['team'];
  role: User['role'];
  created_at: number;
  updated_at: number;
}

const toUser = (r: UserRecord): User => ({
  id: r.id,
  name: r.name,
  email: r.email,
  team: r.team,
  role: r.role,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

const COLUMNS = 'id, name, email, team, role, created_at, updated_at';

export function listUsers(db: Db): User[] {
  const rows = db
    .prepare(`SELECT ${COLUMNS} FROM users WHERE deleted = 0 ORDER BY team, name COLLATE NOCASE`)
    .all() as UserRecord[];
  return rows.map(toUser);
}

export function getUser(db: Db, id: string): User | null {
  const row = db.prepare(`SELECT ${COLUMNS} FROM users WHERE id = ? AND deleted = 0`).get(id) as UserRecord | undefined;
  return row ? toUser(row) : null;
}

export function insertUser(db: Db, draft: UserDraft, id = newId(), at = now()): User {
  db.prepare(
    `INSERT INTO users (id, name, email, team, role, created_at, updated_at) VALUES (@id, @name, @email, @team, @role, @at, @at)`,
  ).run({ id, name: draft.name, email: draft.email ?? null, team: draft.team, role: draft.role, at });
  return getUser(db, id)!;
}

export function updateUser(db: Db, id: string, patch: Partial<UserDraft>, at = now()): void {
  db.prepare(
    `UPDATE users SET
       name = coalesce(@name, name),
       email = CASE WHEN @hasEmail THEN @email ELSE email END,
       team = coalesce(@team, team),
       role = coalesce(@role, role),
       updated_at = @at
     WHERE id = @id AND deleted = 0`,
  ).run({
    id,
    name: patch.name ?? null,
    hasEmail: patch.email === undefined ? 0 : 1,
    email: patch.email ?? null,
    team: patch.team ?? null,
    role: patch.role ?? null,
    at,
  });
}

export function softDeleteUser(db: Db, id: string, at = now()): number {
  return db.prepare('UPDATE users SET deleted = 1, updated_at = ? WHERE id = ? AND deleted = 0').run(at, id).changes;
}

/** Live (not deleted) owners, optionally of one team and leaving one user out. */
export function countOwners(db: Db, opts: { team?: User['team']; exceptId?: string } = {}): number {
  const row = db
    .prepare(
      `SELECT count(*) AS n FROM users
       WHERE deleted = 0 AND role = 'owner' AND (@team IS NULL OR team = @team) AND (@exceptId IS NULL OR id <> @exceptId)`,
    )
    .get({ team: opts.team ?? null, exceptId: opts.exceptId ?? null }) as { n: number };
  return row.n;
}
