import { copyDatabase, type Db } from '../db/connection.js';
import { countLeads } from '../db/leads.repo.js';
import type { WorkspaceInfo } from '../../shared/contracts/workspace.js';
import { AppError } from '../../shared/errors.js';
import { getMeta, setMeta } from '../db/meta.repo.js';
import { schemaVersion } from '../db/migrate.js';
import { tableCounts } from '../db/stats.repo.js';

export function info(db: Db, path: string): WorkspaceInfo {
  return {
    path,
    schemaVersion: schemaVersion(db),
    timeZone: getMeta(db, 'time_zone') ?? Intl.DateTimeFormat().resolvedOptions().timeZone,
    leadCount: countLeads(db, {}),
  };
}

export const stats = (db: Db): Record<string, number> => tableCounts(db);

export function setTimeZone(db: Db, tz: string): void {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
  } catch {
    throw new AppError('validation', `Unknown time zone: ${tz}`);
  }
  setMeta(db, 'time_zone', tz);
}

/** A consistent copy of the workspace, safe while it is open (VACUUM INTO reads one snapshot). */
export function backup(db: Db, dest: string): void {
  copyDatabase(db, dest);
}
