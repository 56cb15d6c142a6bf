import type { Statement } from 'better-sqlite3';
import type { Db } from './connection.js';
import { withIndexBuildCache } from './index-build.js';

/**
 * The full rescore's writes of scores that already have a row: the score worker read each stored
 * row's rowid with it (scores.repo.ts storedScoresOfLeads), so a changed score is an UPDATE by rowid
 * of the columns a score moves, many rows per statement, instead of an upsert per row that makes a
 * fresh id and probes both unique indexes before it turns into the same update. Rows without a
 * stored score still go through scoreWriter's upsert.
 */

/** Rows per statement: one statement step per 250 rows instead of per row. */
const ROWS_PER_STATEMENT = 250;

/** One statement per batch size, built from `?` placeholders only: every value is bound. */
function batched(db: Db, columns: number, sql: (values: string) => string) {
  const statements = new Map<number, Statement>();
  const tuple = `(${Array(columns).fill('?').join(', ')})`;
  const buffer: unknown[] = [];
  const flush = (named?: Record<string, unknown>) => {
    if (buffer.length === 0) return;
    const rows = buffer.length / columns;
    let st = statements.get(rows);
    if (!st) statements.set(rows, (st = db.prepare(sql(Array(rows).fill(tuple).join(', ')))));
    if (named) st.run(buffer, named);
    else st.run(buffer);
    buffer.length = 0;
  };
  return { buffer, flush, full: () => buffer.length === columns * ROWS_PER_STATEMENT };
}

export function rescoreWriter(db: Db, at: number) {
  // The CTE's rows are looked up by rowid (SEARCH scores USING INTEGER PRIMARY KEY): one row each.
  const scores = batched(
    db,
    7,
    (values) =>
      `WITH v(rid, fit, engagement, total, level, dq, contributions) AS (VALUES ${values})
       UPDATE scores SET fit_points = v.fit, engagement_points = v.engagement, total = v.total, level = v.level,
         disqualified_by = v.dq, contributions = v.contributions, computed_at = @at, updated_at = @at
       FROM v WHERE scores.rowid = v.rid`,
  );
  const setLead = db.prepare('UPDATE leads SET score_total = ?, score_level = ? WHERE rowid = ?');
  const flushScores = () => scores.flush({ at });
  return {
    /** A changed score of the lead whose stored score row is `rowid`. */
    updateScore(
      rowid: number,
      fit: number,
      engagement: number,
      total: number,
      level: string | null,
      disqualifiedBy: string | null,
      contributions: string,
    ): void {
      scores.buffer.push(rowid, fit, engagement, total, level, disqualifiedBy, contributions);
      if (scores.full()) flushScores();
    },
    /**
     * The lead's current score, when it differs from what the row holds (`was`). One statement per
     * row: the same update through a VALUES list ran slower (two passes over the leads' wide rows).
     */
    leadCurrent(rowid: number, was: { total: number; level: string | null }, total: number, level: string | null): boolean {
      if (was.total === total && was.level === level) return false;
      setLead.run(total, level, rowid);
      return true;
    },
    /** Write the buffered scores: call before anything reads them back. */
    flush: flushScores,
  };
}

/**
 * Drop the leads' indexes that hold the current score (leads_score, the leads list's stage-and-score
 * one, any later one naming score_total or score_level) for a rescore that rewrites a large share of
 * the scores, and return what re-creates them from their own definitions: a sort each at the end
 * instead of a delete and an insert at random places per changed lead in every one of them.
 * Inside the rescore's transaction, so a cancel or crash brings them back untouched.
 */
export function suspendLeadScoreIndexes(db: Db): () => void {
  const indexes = (
    db
      .prepare(`SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'leads' AND sql IS NOT NULL`)
      .all() as { name: string; sql: string }[]
  ).filter((ix) => /\bscore_(total|level)\b/.test(ix.sql));
  for (const ix of indexes) db.exec(`DROP INDEX "${ix.name.replace(/"/g, '""')}"`);
  return () =>
    withIndexBuildCache(db, () => {
      for (const ix of indexes) db.exec(ix.sql);
    });
}
