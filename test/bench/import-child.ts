// Runs one CSV import in its own process, so its peak RSS (both threads: parse worker and writer) is the import's alone.
import { readFileSync } from 'node:fs';
import { openWorkspace } from '../../main/db/connection.js';
import { runImport } from '../../main/services/import/run.js';
import { resolveSource } from '../../main/services/import/sources.js';
import type { BulkMode } from '../../main/services/import/bulk.js';
import { Phases } from '../../main/services/import/phases.js';
import { MappingSchema } from '../../shared/domain/import/mapping.js';

const [dbPath, csv, mappingPath, bulk = 'auto'] = process.argv.slice(2);
const mapping = MappingSchema.parse(JSON.parse(readFileSync(mappingPath!, 'utf8')));
const db = openWorkspace(dbPath!, { create: true });
const t0 = performance.now();
const detail = new Phases();
const phases: Record<string, number> = {};
// The process's peak RSS so far (it only grows) as each progress phase ends: which phase set the peak.
const peakRssBy: Record<string, number> = {};
const peakNow = () => Math.round(process.resourceUsage().maxRSS / 1024);
let phase = '';
let since = t0;
const result = await runImport(db, {
  source: resolveSource({ path: csv! }),
  mapping,
  onError: 'abort',
  bulk: bulk as BulkMode,
  phases: detail,
  onProgress: (_done, _total, p) => {
    if (p === phase) return;
    const t = performance.now();
    if (phase) phases[phase] = (phases[phase] ?? 0) + (t - since);
    if (phase) peakRssBy[phase] = peakNow();
    phase = p;
    since = t;
  },
});
const tEnd = performance.now();
phases[phase] = (phases[phase] ?? 0) + (tEnd - since);
peakRssBy[phase] = peakNow();
db.close(); // folds the WAL into the file (a checkpoint): part of the cost of a big transaction
const ms = performance.now() - t0;
// The writing thread's own CPU time (utime + stime, clock ticks of 10 ms): under a shared machine's
// load it tells two ways of doing the same work apart better than wall time does.
const stat = readFileSync(`/proc/self/task/${process.pid}/stat`, 'utf8');
const [utime, stime] = stat.slice(stat.lastIndexOf(')') + 2).split(' ').slice(11, 13).map(Number);
const mainCpuMs = (utime! + stime!) * 10;
phases.checkpoint = performance.now() - tEnd;
peakRssBy.checkpoint = peakNow();
process.stdout.write(
  JSON.stringify({
    ms,
    mainCpuMs,
    maxRssMB: process.resourceUsage().maxRSS / 1024,
    counts: result.counts,
    status: result.status,
    phases,
    detail: detail.toJSON(),
    peakRssBy,
  }) + '\n',
);
