import { parseArgs } from 'node:util';
import { isAppError } from '../../shared/errors.js';
import type { Command, Io } from './commands.js';

type Commands = Record<string, Command>;

/**
 * The command groups, each loaded only when one of its commands runs: tsx compiles every module it
 * loads, and the whole CLI's modules cost ~65 MB of the process's memory (a 5M-row import peaked at
 * that much more with all of them loaded).
 */
export const COMMAND_GROUPS = {
  base: () => import('./commands.js').then((m) => m.commands),
  criteria: () => import('./criteria-commands.js').then((m) => m.criteriaCommands),
  import: () => import('./import-commands.js').then((m) => m.importCommands),
  handoffs: () => import('./handoff-commands.js').then((m) => m.handoffCommands),
  report: () => import('./report-commands.js').then((m) => m.reportCommands),
  backtest: () => import('./backtest-commands.js').then((m) => m.backtestCommands),
  sync: () => import('./sync-commands.js').then((m) => m.syncCommands),
  review: () => import('./review-commands.js').then((m) => m.reviewCommands),
  currency: () => import('./currency-commands.js').then((m) => m.currencyCommands),
} satisfies Record<string, () => Promise<Commands>>;

type Group = keyof typeof COMMAND_GROUPS;

/** Which group holds each command, in the order --help lists them (a test checks it against the groups). */
export const COMMAND_GROUP: Record<string, Group> = {
  init: 'base',
  demo: 'base',
  stats: 'base',
  backup: 'base',
  'criteria diff': 'criteria',
  'criteria export': 'criteria',
  'criteria import': 'criteria',
  score: 'criteria',
  import: 'import',
  'export leads': 'import',
  'handoffs list': 'handoffs',
  'handoffs decide': 'handoffs',
  report: 'report',
  backtest: 'backtest',
  suggest: 'backtest',
  sync: 'sync',
  'sync status': 'sync',
  'sync conflicts': 'sync',
  'sync refused': 'sync',
  'sync retry': 'sync',
  'sync discard': 'sync',
  'hub init': 'sync',
  'hub add-user': 'sync',
  'hub purge': 'sync',
  'review pack': 'review',
  'review list': 'review',
  currency: 'currency',
};

async function allCommands(): Promise<Commands> {
  const groups = await Promise.all(Object.values(COMMAND_GROUPS).map((load) => load()));
  return Object.assign({}, ...groups) as Commands;
}

function commandHelp(c: Command): string {
  const opts = Object.entries(c.options).map(([k, o]) => `  --${k}${o.type === 'string' ? ' <value>' : ''}  ${o.description}`);
  return [`Usage: ${c.usage}`, '', c.summary, '', 'Options:', ...opts, '  --help  show this help', ''].join('\n');
}

export async function mainHelp(): Promise<string> {
  const commands = await allCommands();
  const lines = Object.keys(COMMAND_GROUP).map((name) => `  ${name.padEnd(16)} ${commands[name]!.summary}`);
  return ['Usage: leadpact <command> [options]', '', 'Commands:', ...lines, '', 'Run "leadpact <command> --help" for its options.', ''].join('\n');
}

/** The CLI as a function of its arguments, so tests and the bin share one path. Returns the exit code. */
export async function runCli(argv: readonly string[], io: Io): Promise<number> {
  // Two-word commands ("criteria diff") are looked up before one-word ones.
  const twoWords = argv.length >= 2 ? `${argv[0]} ${argv[1]}` : '';
  const [name, ...rest] = Object.hasOwn(COMMAND_GROUP, twoWords) ? [twoWords, ...argv.slice(2)] : argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    io.out(await mainHelp());
    return name === undefined ? 2 : 0;
  }
  const group = Object.hasOwn(COMMAND_GROUP, name) ? COMMAND_GROUP[name] : undefined;
  const command = group ? (await COMMAND_GROUPS[group]())[name] : undefined;
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
