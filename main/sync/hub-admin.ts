import { AppError } from '../../shared/errors.js';
import { connectHub, hubError } from './hub-client.js';
import { migrateHub } from './hub-migrations.js';

export interface NewHubUser {
  login: string;
  password: string;
  team: 'marketing' | 'sales' | 'ops';
  owner: boolean;
}

const LOGIN_RE = /^[a-z_][a-z0-9_.-]{0,62}$/;

/** `leadpact hub init`: create or upgrade the hub schema, roles and policies (as the admin). */
export async function initHub(url: string): Promise<{ from: number; to: number }> {
  const client = await connectHub(url);
  try {
    return await migrateHub(client);
  } catch (e) {
    throw e instanceof AppError ? e : hubError(e, url);
  } finally {
    await client.end();
  }
}

/** `leadpact hub add-user`: a login role in the groups of its team (and owners), never a superuser. */
export async function addHubUser(url: string, user: NewHubUser): Promise<void> {
  if (!LOGIN_RE.test(user.login)) {
    throw new AppError('validation', `A hub login is lowercase letters, digits, _ . - (starting with a letter), not "${user.login}".`);
  }
  if (user.password.length < 8) throw new AppError('validation', 'A hub password has at least 8 characters.');
  const client = await connectHub(url);
  try {
    await client.query('SELECT leadpact.add_user($1, $2, $3, $4)', [user.login, user.password, user.team, user.owner]);
  } catch (e) {
    throw hubError(e, url);
  } finally {
    await client.end();
  }
}

/** `leadpact hub purge`: drop rows soft-deleted longer ago than the retention window. */
export async function purgeHub(url: string, retentionDays: number): Promise<number> {
  if (!Number.isFinite(retentionDays) || retentionDays < 0) throw new AppError('validation', '--retention-days must be a number of days, 0 or more.');
  const client = await connectHub(url);
  try {
    const r = await client.query<{ n: string }>("SELECT leadpact.purge_tombstones(make_interval(secs => $1 * 86400.0))::text AS n", [retentionDays]);
    return Number(r.rows[0]!.n);
  } catch (e) {
    throw hubError(e, url);
  } finally {
    await client.end();
  }
}
