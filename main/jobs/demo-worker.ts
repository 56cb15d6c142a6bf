/**
 * Worker thread of the demo generator (see main/services/demo/scratch.ts): writes the rows the main
 * thread simulates, except leads, into a throw-away scratch file that the main thread then copies in.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { openScratch, type FromWorker, type ScratchJob, type ToWorker } from '../services/demo/scratch.js';
import { TouchKinds, TouchQueue, receiveTouches, touchIdStream } from '../services/demo/touches.js';
import { stepTimer } from '../services/demo/trace.js';
import { withIndexBuildCache } from '../db/index-build.js';
import { fillRollup } from '../services/demo/rollup-fill.js';
import {
  BatchInsert,
  DemoWriter,
  ROLLUP_LEADS_BATCH,
  ROLLUP_LEADS_SQL,
  ROLLUP_LEAD_COLUMNS,
} from '../services/demo/writer.js';

const job = workerData as ScratchJob;
const post = (m: FromWorker) => parentPort!.postMessage(m);
const mark = stepTimer(job.trace ? (step, wallMs, cpuMs) => post({ type: 'trace', step, wallMs, cpuMs }) : undefined);

const db = openScratch(job.scratchPath, job.cacheMiB);
const writer = new DemoWriter(db, job.rowsPerStatement);
const kinds = new TouchKinds(job.nurtureCampaignId);
const queue = new TouchQueue(job.start, writer.touchpoints, kinds, touchIdStream(job.seed));
let started = false;
// Only when the job fills lead_rollup here: the leads' rollup columns, in a stand-in leads table.
const rollupLeads = job.rollup ? new BatchInsert(db, 'leads', ROLLUP_LEAD_COLUMNS, job.rowsPerStatement) : null;
const batcher = (table: string) => (table === ROLLUP_LEADS_BATCH && rollupLeads ? rollupLeads : writer.table(table));

function onMessage(m: ToWorker): void {
  if (!started) {
    for (const sql of job.tableSql) db.exec(sql);
    if (job.rollup) for (const sql of [ROLLUP_LEADS_SQL, job.rollup.tableSql]) db.exec(sql);
    db.exec('BEGIN');
    started = true;
  }
  if (m.type === 'chunk') {
    receiveTouches(queue, kinds, m.touches);
    for (const [table, values] of m.batches) batcher(table).runFlat(values);
    post({ type: 'ack', seq: m.seq });
    return;
  }
  queue.flushAll();
  writer.flush();
  mark(`insert ${job.tables.join(', ')}`);
  // Secondary indexes built once over the loaded rows (a sort each) rather than maintained row by row.
  withIndexBuildCache(db, () => {
    for (const sql of job.indexSql) db.exec(sql);
  });
  if (job.indexSql.length > 0) mark(`create ${job.indexSql.length} indexes`);
  if (job.rollup) {
    fillRollup(db);
    mark('fill lead_rollup');
    const rollupIndexes = job.rollup.indexSql;
    withIndexBuildCache(db, () => {
      for (const sql of rollupIndexes) db.exec(sql);
    });
    mark(`create ${job.rollup.indexSql.length} lead_rollup indexes`);
  }
  db.exec('COMMIT');
  db.close();
  post({ type: 'done', counts: writer.counts() });
  parentPort!.off('message', guarded);
}

function guarded(m: ToWorker): void {
  try {
    onMessage(m);
  } catch (e) {
    const err = e instanceof Error ? e : new Error(String(e));
    post({ type: 'error', message: err.message, ...(err.stack ? { stack: err.stack } : {}) });
    parentPort!.off('message', guarded);
    if (db.open) db.close();
  }
}

parentPort!.on('message', guarded);
