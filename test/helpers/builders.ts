import type { Db } from '../../main/db/connection.js';
import { newId } from '../../main/db/ids.js';
import type { Stage } from '../../shared/contracts/common.js';

export interface LeadSeed {
  id?: string;
  name?: string;
  email?: string | null;
  company?: string;
  country?: string;
  employees?: number | null;
  stage?: Stage;
  scoreTotal?: number;
  createdAt?: number;
  ownerId?: string | null;
  jobTitle?: string | null;
  externalId?: string | null;
}

let counter = 0;

/** Insert one lead with sensible defaults; what a test cares about it passes explicitly. */
export function insertLead(db: Db, seed: LeadSeed = {}): string {
  counter += 1;
  const id = seed.id ?? newId();
  const at = seed.createdAt ?? Date.UTC(2026, 0, 1) + counter * 60_000;
  db.prepare(
    `INSERT INTO leads (id, external_id, email, name, company, country, employees, job_title, stage, score_total, owner_id, created_at, updated_at)
     VALUES (@id, @externalId, @email, @name, @company, @country, @employees, @jobTitle, @stage, @score, @ownerId, @at, @at)`,
  ).run({
    id,
    externalId: seed.externalId ?? null,
    email: seed.email === undefined ? `lead${counter}@example.com` : seed.email,
    name: seed.name ?? `Lead ${counter}`,
    company: seed.company ?? `Company ${counter}`,
    country: seed.country ?? 'NL',
    employees: seed.employees === undefined ? 50 : seed.employees,
    jobTitle: seed.jobTitle ?? 'Marketing Manager',
    stage: seed.stage ?? 'lead',
    score: seed.scoreTotal ?? 0,
    ownerId: seed.ownerId ?? null,
    at,
  });
  return id;
}
