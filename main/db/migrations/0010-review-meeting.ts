import type { Database } from 'better-sqlite3';

/**
 * The quarterly review (issue 8). Reviews are found by quarter (the one-click create refuses a
 * second one; not a unique index, since a review pulled from another laptop must still apply);
 * proposals are read by review (the meeting) and by version (a version page names the review that
 * produced it). The review's agenda, attendees and action items stay in the JSON columns of 0001,
 * which sync already carries.
 */
export function up(db: Database): void {
  db.exec(`
    CREATE INDEX IF NOT EXISTS reviews_quarter ON reviews(quarter, deleted);
    CREATE INDEX IF NOT EXISTS review_proposals_review ON review_proposals(review_id, created_at);
    CREATE INDEX IF NOT EXISTS review_proposals_version ON review_proposals(version_id);
  `);
}
