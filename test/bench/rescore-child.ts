// Runs one rescore in its own process so its peak RSS is the job's alone; prints the time per phase.
import { openWorkspace } from '../../main/db/connection.js';
import { rescore } from '../../main/services/rescore.js';

const [dbPath, versionId, asOf] = process.argv.slice(2);
const db = openWorkspace(dbPath!);
const steps: { step: string; wallMs: number; cpuMs: number }[] = [];
const t0 = performance.now();
const summary = rescore(db, versionId!, {
  asOf: Number(asOf),
  trace: (step, wallMs, cpuMs) => steps.push({ step, wallMs, cpuMs }),
});
const ms = performance.now() - t0;
db.close();
// CPU of the whole process (both threads) beside wall time: on the shared machine wall follows the others' load.
const u = process.resourceUsage();
const cpuMs = (u.userCPUTime + u.systemCPUTime) / 1000;
process.stdout.write(JSON.stringify({ ms, cpuMs, maxRssMB: u.maxRSS / 1024, summary, steps }) + '\n');
