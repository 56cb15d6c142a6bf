import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));

/**
 * The dev server's React Refresh preamble is an inline script, which the page's CSP (script-src
 * 'self') forbids; drop the meta CSP while serving in development only. Builds keep it untouched.
 */
function devOnlyRelaxCsp(): Plugin {
  return {
    name: 'leadpact:dev-csp',
    apply: 'serve',
    transformIndexHtml: (html) => html.replace(/<meta\s+http-equiv="Content-Security-Policy"[^>]*>/s, ''),
  };
}

export default defineConfig({
  root,
  base: './',
  plugins: [react(), devOnlyRelaxCsp()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2023',
    sourcemap: true,
    // One request fewer at start and no inline script for the module-preload polyfill (CSP).
    modulePreload: { polyfill: false },
  },
  server: {
    // `npm start` serves the built app through the harness; a dev server can proxy to a running one.
    proxy: process.env.LEADPACT_HARNESS
      ? { '/rpc': process.env.LEADPACT_HARNESS, '/events': process.env.LEADPACT_HARNESS }
      : undefined,
  },
});
