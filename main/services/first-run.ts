import type { Db } from '../db/connection.js';
import { getMeta, setMeta } from '../db/meta.repo.js';
import { hasAnyLead } from '../db/stats.repo.js';
import { generateDemo } from './demo/index.js';

export const FIRST_RUN_KEY = 'first_run_done';
export const DEMO_LEADS = 20_000;
export const DEMO_SEED = 1;

/**
 * The very first start of a workspace fills it with the demo so a new user sees a working app;
 * later starts never refill it, even if the user has since emptied it.
 */
export async function seedDemoIfEmpty(
  db: Db,
  onProgress?: (done: number, total: number, phase: string) => void,
): Promise<boolean> {
  if (getMeta(db, FIRST_RUN_KEY)) return false;
  const empty = !hasAnyLead(db);
  if (empty) await generateDemo(db, { leads: DEMO_LEADS, seed: DEMO_SEED, ...(onProgress ? { onProgress } : {}) });
  setMeta(db, FIRST_RUN_KEY, new Date().toISOString());
  return empty;
}
