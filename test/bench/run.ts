/**
 * `npm run bench [filter]`: the performance targets, each printed with ratios against reference runs
 * made in the same run. Not part of `npm test`. Add a bench by adding a line below; a module exports
 * `run(): Promise<void>`. Environment: BENCH_LEADS=N for a smaller (quicker) workspace.
 */
interface BenchModule {
  run(): Promise<void>;
}

/** In order: the demo bench makes the 1M-lead workspace the leads-list bench reuses. */
const BENCHES: { name: string; load: () => Promise<BenchModule> }[] = [
  { name: 'demo', load: () => import('./demo.bench.js') },
  { name: 'leads-list', load: () => import('./leads-list.bench.js') },
  { name: 'rescore', load: () => import('./rescore.bench.js') },
  { name: 'import', load: () => import('./import.bench.js') },
  { name: 'inbox', load: () => import('./inbox.bench.js') },
  { name: 'reports', load: () => import('./reports.bench.js') },
  { name: 'backtest', load: () => import('./backtest.bench.js') },
  { name: 'review', load: () => import('./review.bench.js') },
  { name: 'sync', load: () => import('./sync.bench.js') },
];

const filter = process.argv[2];
const selected = BENCHES.filter((b) => !filter || b.name.includes(filter));
if (selected.length === 0) {
  console.error(`No bench matches "${filter}"; there are: ${BENCHES.map((b) => b.name).join(', ')}`);
  process.exit(2);
}

let failed = 0;
for (const b of selected) {
  const t0 = performance.now();
  try {
    await (await b.load()).run();
    console.log(`  (${b.name}: ${((performance.now() - t0) / 1000).toFixed(0)} s)`);
  } catch (e) {
    failed++;
    console.error(`\n${b.name} bench failed:`, e);
  }
}
process.exit(failed > 0 ? 1 : 0);

export {};
