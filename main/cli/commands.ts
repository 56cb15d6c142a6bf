import { existsSync } from 'node:fs';
import { openWorkspace } from '../db/connection.js';
import { setMeta } from '../db/meta.repo.js';
import { FIRST_RUN_KEY } from '../services/first-run.js';
import { generateDemo } from '../services/demo/index.js';
import * as workspace from '../services/workspace.js';
import { AppError } from '../../shared/errors.js';

export interface Io {
  out(line: string): void;
  err(line: string): void;
  isTty: boolean;
}

export interface Command {
  usage: string;
  summary: string;
  options: Record<string, { type: 'string' | 'boolean'; description: string }>;
  positionals: string[];
  run(args: { positionals: string[]; values: Record<string, string | boolean | undefined> }, io: Io): Promise<void>;
}

function intOption(value: string | boolean | undefined, name: string, fallback: number, min: number, max: number): number {
  if (value === undefined) return fallback;
  const n = typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : NaN;
  if (!Number.isInteger(n) || n < min || n > max) {
    throw new AppError('validation', `--${name} must be a whole number from ${min} to ${max} (got "${String(value)}").`);
  }
  return n;
}

export const commands: Record<string, Command> = {
  init: {
    usage: 'leadpact init <file>',
    summary: 'Create an empty workspace file.',
    options: {},
    positionals: ['file'],
    async run({ positionals: [file] }, io) {
      if (existsSync(file!)) throw new AppError('conflict', `${file} already exists; choose another path.`);
      const db = openWorkspace(file!, { create: true });
      try {
        // Asked for empty: the app's first start must not fill it with the demo (first-run.ts).
        setMeta(db, FIRST_RUN_KEY, `created empty by leadpact init at ${new Date().toISOString()}`);
      } finally {
        db.close();
      }
      io.out(`Created workspace ${file}`);
    },
  },
  demo: {
    usage: 'leadpact demo <file> [--leads N] [--seed S]',
    summary: 'Fill a workspace (created if missing) with a deterministic 12-month demo.',
    options: {
      leads: { type: 'string', description: 'number of leads (default 20000, up to 5000000)' },
      seed: { type: 'string', description: 'random seed (default 1); the same seed gives the same workspace' },
    },
    positionals: ['file'],
    async run({ positionals: [file], values }, io) {
      const leads = intOption(values.leads, 'leads', 20_000, 1, 5_000_000);
      const seed = intOption(values.seed, 'seed', 1, 0, 2 ** 31 - 1);
      const db = openWorkspace(file!, { create: true });
      try {
        let lastPct = -1;
        const summary = await generateDemo(db, {
          leads,
          seed,
          onProgress: (done: number, total: number, phase: string) => {
            const pct = total > 0 ? Math.floor((100 * done) / total) : 0;
            if (io.isTty && pct !== lastPct) {
              lastPct = pct;
              io.err(`\r${phase} ${pct}%`);
            }
          },
        });
        io.out(`Demo written to ${file}: ${JSON.stringify(summary)}`);
      } finally {
        db.close();
      }
    },
  },
  stats: {
    usage: 'leadpact stats <file> [--json]',
    summary: 'Row counts per table.',
    options: { json: { type: 'boolean', description: 'print JSON' } },
    positionals: ['file'],
    async run({ positionals: [file], values }, io) {
      const db = openWorkspace(file!);
      try {
        const counts = workspace.stats(db);
        if (values.json) io.out(JSON.stringify(counts));
        else for (const [table, n] of Object.entries(counts)) io.out(`${table.padEnd(20)} ${n}`);
      } finally {
        db.close();
      }
    },
  },
  backup: {
    usage: 'leadpact backup <file> <dest>',
    summary: 'Write a consistent copy of a workspace (safe while the app has it open).',
    options: {},
    positionals: ['file', 'dest'],
    async run({ positionals: [file, dest] }, io) {
      if (existsSync(dest!)) throw new AppError('conflict', `${dest} already exists; backup never overwrites.`);
      const db = openWorkspace(file!);
      try {
        workspace.backup(db, dest!);
      } finally {
        db.close();
      }
      io.out(`Backed up ${file} to ${dest}`);
    },
  },
};
