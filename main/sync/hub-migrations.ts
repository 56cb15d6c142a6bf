import type pg from 'pg';
import { HUB_V1 } from './hub-sql/0001-hub.js';
import { HUB_V2 } from './hub-sql/0002-bulk-push-pull.js';
import { HUB_V3 } from './hub-sql/0003-push-changes.js';

export interface HubMigration {
  readonly version: number;
  readonly name: string;
  readonly sql: string;
}

/** Explicit and ordered like the local migrations; a shipped one is never edited. */
export const HUB_MIGRATIONS: readonly HubMigration[] = [
  { version: 1, name: '0001-hub', sql: HUB_V1 },
  { version: 2, name: '0002-bulk-push-pull', sql: HUB_V2 },
  { version: 3, name: '0003-push-changes', sql: HUB_V3 },
];
export const HUB_LATEST = HUB_MIGRATIONS.length;

export async function hubSchemaVersion(client: pg.ClientBase): Promise<number> {
  const r = await client.query<{ exists: boolean }>("SELECT to_regclass('leadpact.schema_version') IS NOT NULL AS exists");
  if (!r.rows[0]?.exists) return 0;
  const v = await client.query<{ v: number | null }>('SELECT max(version) AS v FROM leadpact.schema_version');
  return v.rows[0]?.v ?? 0;
}

/**
 * Create or upgrade the hub schema: pending migrations in one transaction, under an advisory lock
 * so two admins running init at once do not interleave. A hub newer than this LeadPact is refused.
 */
export async function migrateHub(client: pg.ClientBase): Promise<{ from: number; to: number }> {
  await client.query('BEGIN');
  try {
    await client.query("SELECT pg_advisory_xact_lock(hashtext('leadpact-hub-migrate'))");
    const from = await hubSchemaVersion(client);
    if (from > HUB_LATEST) {
      throw new Error(`The hub has schema ${from}; this LeadPact knows up to ${HUB_LATEST}. Update LeadPact.`);
    }
    for (const m of HUB_MIGRATIONS.filter((x) => x.version > from)) {
      await client.query(m.sql);
      await client.query('INSERT INTO leadpact.schema_version (version, name) VALUES ($1, $2)', [m.version, m.name]);
    }
    // The admin running init reads and purges through the admin policies (RLS is forced on the owner too).
    await client.query(`DO $$ BEGIN EXECUTE format('GRANT leadpact_admin TO %I', current_user); END $$`);
    await client.query('COMMIT');
    return { from, to: HUB_LATEST };
  } catch (e) {
    await client.query('ROLLBACK');
    throw e;
  }
}
