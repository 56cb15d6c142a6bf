/**
 * Issue 8: drafting a quarter's review agenda on the bench demo workspace (BENCH_LEADS=N for a
 * quicker run), against the reference of the insights reports it reads, timed alone in the same run:
 * the ratio is what blaming rules (decoding stored contributions, scoring leads without one) adds.
 * Then a proposal's evidence (backtest against the active version and suggested points) against the
 * backtest and suggestion services called directly, and the pack's HTML with its SVG charts.
 * Runs on a copy: creating a review writes.
 */
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openWorkspace } from '../../main/db/connection.js';
import { activeVersionId } from '../../main/db/criteria.repo.js';
import { runBacktest } from '../../main/services/backtest.js';
import { funnel, lift, offers, reasons, sla } from '../../main/services/reports/index.js';
import { draftAgenda } from '../../main/services/review-agenda.js';
import { packHtml } from '../../main/services/review-pack.js';
import { create } from '../../main/services/reviews.js';
import { draftFromCandidate, gatherEvidence } from '../../main/services/reviews-proposals.js';
import { runSuggest } from '../../main/services/suggest.js';
import { previousQuarter, quarterOf, quarterRange } from '../../shared/domain/review-agenda.js';
import { benchLeads, ensureDemoWorkspace } from './demo.bench.js';

const ms = (x: number) => `${Math.round(x)} ms`;
function median(f: () => void, n = 3): number {
  const runs: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    f();
    runs.push(performance.now() - t);
  }
  return runs.sort((a, b) => a - b)[Math.floor(n / 2)]!;
}

export async function run(): Promise<void> {
  const source = ensureDemoWorkspace(benchLeads());
  const tmp = mkdtempSync(join(tmpdir(), 'leadpact-review-bench-'));
  const path = join(tmp, 'review.db');
  copyFileSync(source, path);
  const db = openWorkspace(path);
  try {
    const end = (db.prepare('SELECT max(created_at) AS t FROM leads').get() as { t: number }).t;
    const quarter = previousQuarter(quarterOf(end));
    const cur = quarterRange(quarter);
    const prev = quarterRange(previousQuarter(quarter));
    const leads = (db.prepare('SELECT count(*) AS n FROM leads').get() as { n: number }).n;
    console.log(`\n# Review: ${leads.toLocaleString('en')} leads, quarter ${quarter}`);

    const reportsMs = median(() => {
      funnel(db, cur);
      funnel(db, prev);
      reasons(db, cur, null);
      offers(db, cur, 'first');
      offers(db, prev, 'first');
      sla(db, cur, cur.to);
      lift(db, cur, null);
    });
    const agendaMs = median(() => draftAgenda(db, quarter, cur.to));
    console.log(`  reports the agenda reads, alone: ${ms(reportsMs)} (median of 3)`);
    console.log(`  drafted agenda (reports + rule blame): ${ms(agendaMs)}; ratio ${(agendaMs / reportsMs).toFixed(2)}×`);

    const activeId = activeVersionId(db)!;
    const refMs = median(() => {
      runBacktest(db, { versionId: activeId, decisionDays: 30 });
      runSuggest(db, { outcome: 'won', mqlRate: 0.2, decisionDays: 30, exclude: [] });
    }, 1);
    const evidenceMs = median(() => gatherEvidence(db, activeId, null), 1);
    console.log(`  backtest + suggestion called directly: ${ms(refMs)}; a proposal's evidence: ${ms(evidenceMs)}; ratio ${(evidenceMs / refMs).toFixed(2)}×`);

    const review = create(db, quarter, cur.to);
    const c = review.candidates[0];
    if (c) {
      const t = performance.now();
      draftFromCandidate(db, review.id, c.key);
      console.log(`  one-click draft from a rejection pattern (clone, change, evidence): ${ms(performance.now() - t)}`);
    }
    const packMs = median(() => packHtml(db, review.id));
    console.log(`  pack HTML with its SVG charts: ${ms(packMs)}; ratio to the agenda ${(packMs / agendaMs).toFixed(2)}×`);
  } finally {
    db.close();
    rmSync(tmp, { recursive: true, force: true });
  }
}
