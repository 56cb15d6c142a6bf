import { parseArgs } from 'node:util';
import { isAppError } from '../../shared/errors.js';
import { commands as baseCommands, type Command, type Io } from './commands.js';
import { backtestCommands } from './backtest-commands.js';
import { criteriaCommands } from './criteria-commands.js';
import { handoffCommands } from './handoff-commands.js';
import { importCommands } from './import-commands.js';
import { reportCommands } from './report-commands.js';
import { reviewCommands } from './review-commands.js';
import { syncCommands } from './sync-commands.js';

const commands: Record<string, Command> = { ...baseCommands, ...criteriaCommands, ...importCommands, ...handoffCommands, ...reportCommands, ...backtestCommands, ...syncCommands, ...reviewCommands };

function commandHelp(c: Command): string {
  const opts = Object.entries(c.options).map(([k, o]) => `  --${k}${o.type === 'string' ? ' <value>' : ''}  ${o.description}`);
  return [`Usage: ${c.usage}`, '', c.summary, '', 'Options:', ...opts, '  --help  show this help', ''].join('\n');
}

export function mainHelp(): string {
  const lines = Object.entries(commands).map(([name, c]) => `  ${name.padEnd(16)} ${c.summary}`);
  return ['Usage: leadpact <command> [options]', '', 'Commands:', ...lines, '', 'Run "leadpact <command> --help" for its options.', ''].join('\n');
}

/** The CLI as a function of its arguments, so tests and the bin share one path. Returns the exit code. */
export async function runCli(argv: readonly string[], io: Io): Promise<number> {
  // Two-word commands ("criteria diff") are looked up before one-word ones.
  const twoWords = argv.length >= 2 ? `${argv[0]} ${argv[1]}` : '';
  const [name, ...rest] = commands[twoWords] ? [twoWords, ...argv.slice(2)] : argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    io.out(mainHelp());
    return name === undefined ? 2 : 0;
  }
  const command = commands[name];
  if (!command) {
    io.err(`leadpact: unknown command "${name}". Run "leadpact --help".`);
    return 2;
  }
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({
      args: [...rest],
      options: { ...command.options, help: { type: 'boolean', short: 'h' } },
      allowPositionals: true,
      strict: true,
    });
  } catch (e) {
    io.err(`leadpact ${name}: ${e instanceof Error ? e.message.split('\n')[0] : String(e)}. Run "leadpact ${name} --help".`);
    return 2;
  }
  if (parsed.values.help) {
    io.out(commandHelp(command));
    return 0;
  }
  if (parsed.positionals.length !== command.positionals.length) {
    const missing = command.positionals.slice(parsed.positionals.length).map((p) => `<${p}>`);
    const why = missing.length ? `missing ${missing.join(' ')}` : `too many arguments`;
    io.err(`leadpact ${name}: ${why}. Usage: ${command.usage}`);
    return 2;
  }
  try {
    await command.run({ positionals: parsed.positionals, values: parsed.values as Record<string, string | boolean | undefined> }, io);
    return 0;
  } catch (e) {
    const message = isAppError(e) ? e.message : e instanceof Error ? e.message : String(e);
    io.err(`leadpact ${name}: ${message.split('\n')[0]}`);
    if (!isAppError(e) && process.env.LEADPACT_DEBUG) console.error(e);
    return 1;
  }
}
