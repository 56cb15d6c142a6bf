// npm test: type-check, lint, then every vitest project (unit, integration, e2e), and one totals line.
// CI reads only the last line "N passed, N failed"; a run that executed no test is a failure.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const bin = (name, file) => join(root, 'node_modules', name, file);
const step = (label, args) => {
  console.log(`\n== ${label}`);
  const r = spawnSync(process.execPath, args, { cwd: root, stdio: 'inherit' });
  return r.status === 0;
};

let passed = 0;
let failed = 0;
const checks = [
  ['typecheck (tsc -b)', [bin('typescript', 'bin/tsc'), '-b']],
  ['lint (eslint)', [bin('eslint', 'bin/eslint.js'), '.']],
];
for (const [label, args] of checks) {
  if (step(label, args)) passed++;
  else failed++;
}

const report = join(root, 'test-results', 'vitest.json');
mkdirSync(dirname(report), { recursive: true });
rmSync(report, { force: true });
const extra = process.argv.slice(2);
step('vitest (unit, integration, e2e)', [
  bin('vitest', 'vitest.mjs'),
  'run',
  '--reporter=default',
  '--reporter=json',
  `--outputFile.json=${report}`,
  ...extra,
]);
if (existsSync(report)) {
  const r = JSON.parse(readFileSync(report, 'utf8'));
  passed += r.numPassedTests ?? 0;
  failed += (r.numFailedTests ?? 0) + (r.numFailedTestSuites ?? 0);
  if ((r.numTotalTests ?? 0) === 0) {
    console.log('vitest executed no test');
    failed++;
  }
} else {
  console.log('vitest wrote no report');
  failed++;
}
console.log(`\n${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
