/**
 * The rep inbox with 5,000 pending handoffs for one rep (and 45,000 other handoffs around it): p50/p95
 * of opening the inbox (goal < 200 ms) and of a decision round trip, decide + inbox refresh (goal
 * < 30 ms; refreshing all 5,000 rows, and the renderer's 500-row window), through the same registry the app calls (input and output validated), each with a ratio
 * to a reference: a plain SELECT of the same 5,000 handoff rows by rowid in the same process.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openWorkspace, type Db } from '../../main/db/connection.js';
import { insertHandoff } from '../../main/db/handoffs-write.repo.js';
import { newId } from '../../main/db/ids.js';
import { createRegistry } from '../../main/rpc/registry.js';
import type { Ctx } from '../../main/rpc/context.js';
import * as users from '../../main/services/users.js';

const PENDING = 5_000;
const OTHERS = 45_000;
const RUNS = 40;
const HOUR = 3_600_000;

const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))]!;

function time(fn: () => unknown, runs = RUNS): number[] {
  fn();
  const out: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    fn();
    out.push(performance.now() - t0);
  }
  return out;
}

async function timeAsync(fn: () => Promise<unknown>, runs = RUNS): Promise<number[]> {
  await fn();
  const out: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await fn();
    out.push(performance.now() - t0);
  }
  return out;
}

/** Leads, one pending handoff each: `PENDING` for the benched rep, the rest spread over five others, a third decided. */
export function fill(db: Db): { rep: string; firstRowid: number; lastRowid: number } {
  const rep = users.create(db, { name: 'Bench Rep', email: 'bench@example.com', team: 'sales', role: 'member' }).id;
  users.create(db, { name: 'Bench Owner', team: 'sales', role: 'owner' });
  const others = Array.from({ length: 5 }, (_, i) => users.create(db, { name: `Other Rep ${i}`, team: 'sales', role: 'member' }).id);
  users.setCurrent(db, rep);
  const start = Date.UTC(2026, 0, 5, 9);
  const lead = db.prepare(
    `INSERT INTO leads (id, email, name, company, country, employees, job_title, stage, score_total, owner_id, created_at, updated_at)
     VALUES (?, ?, ?, ?, 'NL', 120, 'Head of Sales', ?, 55, ?, ?, ?)`,
  );
  const decide = db.prepare(`UPDATE handoffs SET decision = 'accepted', decided_at = handed_at + 3600000, decided_by = rep_id WHERE id = ?`);
  let firstRowid = 0;
  let lastRowid = 0;
  db.transaction(() => {
    for (let i = 0; i < PENDING + OTHERS; i++) {
      const mine = i % 10 === 0 && i / 10 < PENDING;
      const owner = mine ? rep : others[i % others.length]!;
      const at = start + i * 60_000;
      const leadId = newId();
      const decided = !mine && i % 3 === 0;
      lead.run(leadId, `lead${i}@example.com`, `Lead ${i}`, `Company ${i % 900}`, decided ? 'sal' : 'mql', owner, at, at);
      const id = insertHandoff(db, { leadId, versionId: null, score: 55, level: 'MQL-B', at, repId: owner, slaDueAt: at + 48 * HOUR });
      if (decided) decide.run(id);
      if (mine) {
        const rowid = db.prepare('SELECT rowid FROM handoffs WHERE id = ?').pluck().get(id) as number;
        firstRowid ||= rowid;
        lastRowid = rowid;
      }
    }
  })();
  return { rep, firstRowid, lastRowid };
}

export async function run(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'leadpact-inbox-bench-'));
  const db = openWorkspace(join(dir, 'inbox.db'), { create: true });
  try {
    const t0 = performance.now();
    const { rep, firstRowid, lastRowid } = fill(db);
    console.log(
      `\n# Inbox: ${PENDING.toLocaleString('en')} pending handoffs for one rep among ${(PENDING + OTHERS).toLocaleString('en')} (built in ${((performance.now() - t0) / 1000).toFixed(1)} s), ${RUNS} runs each`,
    );
    const ctx: Ctx = { db, path: join(dir, 'inbox.db'), emit: () => undefined };
    const registry = createRegistry();
    const call = async (channel: string, input: unknown) => {
      const res = await registry.invoke(channel, input, ctx);
      if (!res.ok) throw new Error(`${channel}: ${res.error.message}`);
      return res.value;
    };

    // Reference: the same handoff rows read by rowid (only the mine every tenth row; the range holds them).
    const refStmt = db.prepare(`SELECT * FROM handoffs WHERE rowid BETWEEN ? AND ? AND rep_id = ?`);
    const ref = time(() => refStmt.all(firstRowid, lastRowid, rep));
    const refP95 = pct(ref, 95);
    console.log(`  reference SELECT * of the same ${PENDING} rows by rowid: p50 ${pct(ref, 50).toFixed(2)} ms, p95 ${refP95.toFixed(2)} ms`);

    const report = (name: string, xs: number[], goal: number) => {
      const p95 = pct(xs, 95);
      console.log(
        `  ${name.padEnd(56)} p50 ${pct(xs, 50).toFixed(2).padStart(7)} ms  p95 ${p95.toFixed(2).padStart(7)} ms  ` +
          `(${(p95 / refP95).toFixed(1)}× reference)  goal < ${goal} ms: ${p95 < goal ? 'met' : 'MISSED'}`,
      );
    };

    const open = await timeAsync(async () => {
      const inbox = (await call('handoffs:inbox', {})) as { pending: unknown[] };
      if (inbox.pending.length !== PENDING) throw new Error(`inbox has ${inbox.pending.length} rows`);
    });
    report(`open the inbox (${PENDING} rows, via the registry)`, open, 200);

    // Decision round trips: accept the first handoff, then refresh the inbox, as the UI does.
    const queue = ((await call('handoffs:inbox', {})) as { pending: { id: string }[] }).pending.map((r) => r.id);
    let next = 0;
    const roundTrip = await timeAsync(async () => {
      await call('handoffs:decide', { id: queue[next++], decision: { decision: 'accept' } });
      await call('handoffs:inbox', {});
    });
    report(`decision round trip (decide + ${PENDING}-row refresh)`, roundTrip, 30);
    // The renderer keeps a window of the first 500 cards (INBOX_WINDOW in use-handoffs.ts) and refreshes that.
    const windowed = await timeAsync(async () => {
      await call('handoffs:decide', { id: queue[next++], decision: { decision: 'accept' } });
      await call('handoffs:inbox', { limit: 500 });
    });
    report('decision round trip as the UI does it (500-row window)', windowed, 30);
    const decideOnly = await timeAsync(() => call('handoffs:decide', { id: queue[next++], decision: { decision: 'accept' } }));
    report('  of which: the decision alone', decideOnly, 30);
    const page = await timeAsync(() => call('handoffs:inbox', { limit: 50 }));
    report('  inbox refresh of the first 50 rows', page, 30);
  } finally {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
