import { resolve } from 'node:path';
import { build } from 'vite';

/**
 * Build the renderer once for the whole e2e run: the harness serves renderer/dist exactly as a user
 * gets it (strict CSP, no dev server). LEADPACT_E2E_SKIP_BUILD=1 reuses an existing build.
 */
export default async function setup(): Promise<void> {
  if (process.env.LEADPACT_E2E_SKIP_BUILD === '1') return;
  const began = performance.now();
  // Vitest sets NODE_ENV=test, and Vite honours NODE_ENV: without this the bundle would be React's
  // development build (several times slower to render), not what users run.
  const nodeEnv = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    await build({ configFile: resolve('renderer/vite.config.ts'), mode: 'production', logLevel: 'warn' });
  } finally {
    process.env.NODE_ENV = nodeEnv;
  }
  console.log(`[e2e] renderer built in ${Math.round(performance.now() - began)} ms`);
}
