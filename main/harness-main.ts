import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { parseArgs } from 'node:util';
import { openWorkspace } from './db/connection.js';
import { startHarness } from './harness.js';
import { rescoreIfStale } from './jobs/rescore-on-start.js';
import { seedDemoIfEmpty } from './services/first-run.js';
import { applyDueReopens } from './services/recycle.js';
import { defaultWorkspacePath } from './workspace-path.js';

const { values } = parseArgs({
  options: { workspace: { type: 'string' }, port: { type: 'string' } },
  strict: true,
});
const dbPath = values.workspace ?? defaultWorkspacePath();
mkdirSync(dirname(dbPath), { recursive: true });
const db = openWorkspace(dbPath, { create: true });
let last = -1;
const seeded = await seedDemoIfEmpty(db, (done, total, phase) => {
  const pct = Math.floor((100 * done) / Math.max(total, 1));
  if (pct !== last && pct % 10 === 0) {
    last = pct;
    process.stdout.write(`First start: building the demo workspace (${phase}) ${pct}%\n`);
  }
});
// Recycled leads whose re-open date passed while the app was closed are nurture again; a failure
// here leaves them recycled until the next rescore, which applies re-opens too.
try {
  applyDueReopens(db);
} catch (e) {
  console.error('[recycle] could not apply due re-opens:', e);
}
const harness = await startHarness({ dbPath, db, port: values.port ? Number(values.port) : 0 });
process.stdout.write(
  `${seeded ? 'Demo workspace ready. ' : ''}Workspace: ${dbPath}\nLeadPact is running at ${harness.url}\nOpen that address in your browser (the token in it is required). Press Ctrl+C to stop.\n`,
);
try {
  if (rescoreIfStale(harness.ctx)) process.stdout.write('Scores are older than half a day: rescoring under the active version in the background.\n');
} catch (e) {
  // The app works on the stored scores; the user can rescore from Criteria.
  console.error('[rescore] could not start the rescore of stale scores:', e);
}
const stop = () => {
  void harness.close().then(() => {
    db.close();
    process.exit(0);
  });
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
