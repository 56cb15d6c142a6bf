#!/usr/bin/env node
// Runs the TypeScript CLI through tsx, so the terminal, the tests and the app share one source.
import { register } from 'tsx/esm/api';

const [major] = process.versions.node.split('.').map(Number);
if (major < 22) {
  process.stderr.write(`leadpact needs Node 22 or later (this is ${process.version}); run it through "npx leadpact" or "npm run leadpact --".\n`);
  process.exit(1);
}
register();
await import('../main/cli.ts');
