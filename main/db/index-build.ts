import type { Db } from './connection.js';

/*
 * The page cache (KiB) while CREATE INDEX runs. SQLite's sorter fills in-memory runs up to the cache
 * size before it sorts one and writes it out, then merges the runs; a small run sorts in the CPU's
 * caches, a 64 MiB one does not. Measured (1M-lead demo workspace, four leads indexes built in one
 * transaction, three interleaved rounds, idle machine): 64 MiB 6.0-6.3 s, 16 MiB 4.9-5.5 s, 8 MiB
 * 4.1-5.1 s, 4 MiB 3.8-4.5 s. The search index's rebuild goes the other way (7.1-7.9 s at 64 MiB,
 * 8.9-9.8 s at 8 MiB), so this is for index builds only. In the benches at 1M (session 9, noisy
 * machine, old/new runs interleaved): the demo's 13 leads indexes 18.7-20.0 -> 12.4-15.8 s CPU, its
 * worker's 23 indexes 10.7-14.3 -> 8.9-12.0 s, peak RSS 910-948 -> 821-857 MB; the first rescore's
 * index rebuilds 2.5 + 4.2 -> 1.6 + 1.9 s, the next day's 1.8 -> 1.1 s.
 */
export const INDEX_BUILD_CACHE_KIB = 4096;

/** Run `build` (CREATE INDEX statements) with the small cache and temp files for the sorter, then restore both. */
export function withIndexBuildCache<T>(db: Db, build: () => T): T {
  const cacheSize = db.pragma('cache_size', { simple: true }) as number;
  const tempStore = db.pragma('temp_store', { simple: true }) as number;
  db.pragma(`cache_size = ${-INDEX_BUILD_CACHE_KIB}`);
  // Runs spill to temp files (the OS's page cache), not to this process's heap.
  db.pragma('temp_store = FILE');
  try {
    return build();
  } finally {
    db.pragma(`temp_store = ${tempStore}`);
    db.pragma(`cache_size = ${Math.trunc(cacheSize)}`);
  }
}
