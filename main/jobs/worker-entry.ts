import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * Where a worker thread's module is: the built bundle ships `<name>.js` flat beside every chunk
 * (electron.vite.config.ts); from source the `.ts` beside this file runs through tsx.
 */
export function workerEntry(name: string): { url: URL; execArgv: string[] } {
  const js = new URL(`./${name}.js`, import.meta.url);
  if (existsSync(fileURLToPath(js))) return { url: js, execArgv: [] };
  const hasTsx = process.execArgv.some((a, i) => a === 'tsx' && process.execArgv[i - 1] === '--import');
  return { url: new URL(`./${name}.ts`, import.meta.url), execArgv: hasTsx ? [...process.execArgv] : ['--import', 'tsx'] };
}
