import type { Database } from 'better-sqlite3';
import { createHash } from 'node:crypto';
import { DEFAULT_LOSS_REASONS, DEFAULT_REJECTION_REASONS } from '../../../shared/domain/default-reasons.js';

/**
 * The SAL feedback loop.
 * - handoffs get what decisions need: the lead's stage before the decision (for undo), the handoff a
 *   reroute came from, the ticked SQL checklist, and the outcome an opportunity is linked to;
 * - indexes for the inbox (a partial index of pending handoffs per rep in SLA order), undo, the
 *   loop reports and the handoff rule of the rescore;
 * - the default rejection and loss reasons, seeded where a workspace lacks them (new and existing
 *   workspaces alike; rows a workspace already has, by code, are kept as they are).
 *
 * The seeded defaults get ids derived from their code, so the same default reason has the same id on
 * every laptop: when workspaces sync, a default is one row, not one per laptop clashing on its code.
 */

/** A UUIDv7-shaped id (timestamp 0) whose random bits come from a hash of `name`; stable forever. */
export function defaultRowId(name: string): string {
  const h = createHash('sha256').update(`leadpact-default:${name}`).digest('hex');
  const variant = ((parseInt(h[12]!, 16) & 0x3) | 0x8).toString(16);
  return `00000000-0000-7${h.slice(0, 3)}-${variant}${h.slice(3, 6)}-${h.slice(6, 18)}`;
}

export function up(db: Database): void {
  db.exec(`
    ALTER TABLE handoffs ADD COLUMN stage_before TEXT;
    ALTER TABLE handoffs ADD COLUMN rerouted_from_id TEXT REFERENCES handoffs(id);
    ALTER TABLE handoffs ADD COLUMN checklist TEXT NOT NULL DEFAULT '{}';
    ALTER TABLE handoffs ADD COLUMN outcome_id TEXT REFERENCES outcomes(id);

    CREATE INDEX handoffs_inbox ON handoffs(rep_id, sla_due_at, id) WHERE decision = 'pending' AND deleted = 0;
    CREATE INDEX handoffs_decided_by ON handoffs(decided_by, decided_at) WHERE deleted = 0;
    CREATE INDEX handoffs_handed ON handoffs(handed_at, id) WHERE deleted = 0;
    CREATE INDEX handoffs_rerouted_from ON handoffs(rerouted_from_id) WHERE rerouted_from_id IS NOT NULL;
    CREATE INDEX outcomes_loss_reason ON outcomes(loss_reason_id);
  `);
  const now = Date.now();
  // Missing defaults go after what a workspace already has, in the order of PRODUCT.md.
  const after = (table: string) =>
    (db.prepare(`SELECT coalesce(max(position) + 1, 0) AS p FROM ${table}`).get() as { p: number }).p;
  const reasonBase = after('rejection_reasons');
  const lossBase = after('loss_reasons');
  const insReason = db.prepare(
    `INSERT INTO rejection_reasons (id, code, label, blame, action, comment_required, reopen_kind, position, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(code) DO NOTHING`,
  );
  DEFAULT_REJECTION_REASONS.forEach((r, i) => {
    insReason.run(defaultRowId(`rejection:${r.code}`), r.code, r.label, r.blame, r.action, r.commentRequired ? 1 : 0, r.reopenKind, reasonBase + i, now, now);
  });
  const insLoss = db.prepare(
    'INSERT INTO loss_reasons (id, code, label, position, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT(code) DO NOTHING',
  );
  DEFAULT_LOSS_REASONS.forEach((r, i) => insLoss.run(defaultRowId(`loss:${r.code}`), r.code, r.label, lossBase + i, now, now));
}
