// Runs one rescore in its own process so its peak RSS is the job's alone.
import { openWorkspace } from '../../main/db/connection.js';
import { rescore } from '../../main/services/rescore.js';

const [dbPath, versionId, asOf] = process.argv.slice(2);
const db = openWorkspace(dbPath!);
const t0 = performance.now();
const summary = rescore(db, versionId!, { asOf: Number(asOf) });
const ms = performance.now() - t0;
db.close();
process.stdout.write(JSON.stringify({ ms, maxRssMB: process.resourceUsage().maxRSS / 1024, summary }) + '\n');
