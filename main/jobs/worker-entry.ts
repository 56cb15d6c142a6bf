import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * Where a worker thread's module is: the built bundle ships `<name>.js` flat beside every chunk
 * (electron.vite.config.ts); from source the `.ts` beside `from` (a module's import.meta.url; by
 * default this file's) runs through tsx.
 */
export function workerEntry(name: string, from: string = import.meta.url): { url: URL; execArgv: string[] } {
  const js = new URL(`./${name}.js`, from);
  if (existsSync(fileURLToPath(js))) return { url: js, execArgv: [] };
  // Only the loader: a worker refuses per-isolate V8 flags (heap sizes) that the parent may run with.
  return { url: new URL(`./${name}.ts`, from), execArgv: ['--import', 'tsx'] };
}
