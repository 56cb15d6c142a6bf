import react from '@vitejs/plugin-react';
import { defineConfig } from 'electron-vite';
import { fileURLToPath } from 'node:url';
import type { Plugin } from 'vite';

/*
 * electron-vite 6: three bundles under out/.
 *  - out/main/index.js      ES module (package.json "type": "module"), plus worker.js for long
 *                           jobs (main/jobs/runner.ts loads it from beside index.js); every package in
 *                           "dependencies" stays external and ships in node_modules, so
 *                           better-sqlite3 loads its native binary from app.asar.unpacked.
 *  - out/preload/index.cjs  one self-contained CommonJS file: a sandboxed preload can neither be an
 *                           ES module nor require() anything but `electron`, so zod is bundled in.
 *  - out/renderer/          the React app, built from renderer/ as renderer/vite.config.ts does.
 */

const at = (p: string): string => fileURLToPath(new URL(p, import.meta.url));

/** Same as renderer/vite.config.ts: the dev server's inline React Refresh preamble breaks the CSP. */
function devOnlyRelaxCsp(): Plugin {
  return {
    name: 'leadpact:dev-csp',
    apply: 'serve',
    transformIndexHtml: (html) => html.replace(/<meta\s+http-equiv="Content-Security-Policy"[^>]*>/s, ''),
  };
}

export default defineConfig({
  main: {
    build: {
      outDir: at('./out/main'),
      externalizeDeps: { include: ['better-sqlite3'] },
      rolldownOptions: {
        // Workers are started from new URL('./worker.js' | './demo-worker.js', import.meta.url), so every
        // entry and shared chunk must sit flat in out/main, whichever chunk holds the starting code.
        input: { index: at('./main/index.ts'), worker: at('./main/jobs/worker.ts'), 'demo-worker': at('./main/jobs/demo-worker.ts'), 'parse-worker': at('./main/services/import/parse-worker.ts'), 'score-worker': at('./main/jobs/score-worker.ts'), 'backtest-half-worker': at('./main/jobs/backtest-half-worker.ts') },
        output: { chunkFileNames: '[name]-[hash].js' },
      },
    },
  },
  preload: {
    build: {
      outDir: at('./out/preload'),
      externalizeDeps: false,
      rolldownOptions: {
        input: { index: at('./main/preload.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: at('./renderer'),
    plugins: [react(), devOnlyRelaxCsp()],
    build: {
      outDir: at('./out/renderer'),
      emptyOutDir: true,
      sourcemap: true,
      modulePreload: { polyfill: false },
      rolldownOptions: {
        input: { index: at('./renderer/index.html') },
      },
    },
  },
});
