import { runCli } from './cli/run.js';

const code = await runCli(process.argv.slice(2), {
  out: (line) => process.stdout.write(line + '\n'),
  err: (line) => process.stderr.write(line.startsWith('\r') ? line : line + '\n'),
  isTty: Boolean(process.stderr.isTTY),
});
process.exitCode = code;
