import { readFileSync, writeFileSync } from 'node:fs';
import { openWorkspace } from '../db/connection.js';
import { activeVersionId } from '../db/criteria.repo.js';
import * as criteria from '../services/criteria.js';
import { rescore } from '../services/rescore.js';
import { diffToText } from '../../shared/domain/version-export.js';
import { AppError } from '../../shared/errors.js';
import type { Command } from './commands.js';

function versionNumber(value: string | boolean | undefined, name = 'version'): number {
  if (typeof value !== 'string' || !/^\d+$/.test(value)) {
    throw new AppError('validation', `--${name} needs a version number (got "${String(value ?? '')}").`);
  }
  return Number(value);
}

function withDb<T>(file: string, fn: (db: ReturnType<typeof openWorkspace>) => T): T {
  const db = openWorkspace(file);
  try {
    return fn(db);
  } finally {
    db.close();
  }
}

export const criteriaCommands: Record<string, Command> = {
  'criteria diff': {
    usage: 'leadpact criteria diff <file> --from N --to M [--json]',
    summary: 'Rules added, removed and changed between two criteria versions.',
    options: {
      from: { type: 'string', description: 'the older version number' },
      to: { type: 'string', description: 'the newer version number' },
      json: { type: 'boolean', description: 'print JSON' },
    },
    positionals: ['file'],
    async run({ positionals: [file], values }, io) {
      const from = versionNumber(values.from, 'from');
      const to = versionNumber(values.to, 'to');
      withDb(file!, (db) => {
        const a = criteria.byNumber(db, from);
        const b = criteria.byNumber(db, to);
        const d = criteria.diff(db, a.id, b.id);
        io.out(values.json ? JSON.stringify(d) : diffToText(d, `v${from}`, `v${to}`));
      });
    },
  },
  'criteria export': {
    usage: 'leadpact criteria export <file> --version N [--markdown] [--out path]',
    summary: 'A version as JSON (to import elsewhere) or as a readable Markdown page.',
    options: {
      version: { type: 'string', description: 'version number' },
      markdown: { type: 'boolean', description: 'Markdown instead of JSON' },
      out: { type: 'string', description: 'write to this file instead of standard output' },
    },
    positionals: ['file'],
    async run({ positionals: [file], values }, io) {
      const n = versionNumber(values.version);
      const { content } = withDb(file!, (db) => criteria.exportVersion(db, criteria.byNumber(db, n).id, values.markdown ? 'markdown' : 'json'));
      if (typeof values.out === 'string') {
        writeFileSync(values.out, content);
        io.out(`Wrote ${values.out}`);
      } else io.out(content.trimEnd());
    },
  },
  'criteria import': {
    usage: 'leadpact criteria import <file> <version.json>',
    summary: 'Import a criteria JSON file as a new draft version.',
    options: {},
    positionals: ['file', 'json'],
    async run({ positionals: [file, json] }, io) {
      let text: string;
      try {
        text = readFileSync(json!, 'utf8');
      } catch {
        throw new AppError('not_found', `Cannot read ${json}.`);
      }
      const v = withDb(file!, (db) => criteria.importVersion(db, text));
      io.out(`Imported as draft v${v.number} "${v.name}" with ${v.rules.length} rules.`);
    },
  },
  score: {
    usage: 'leadpact score <file> [--version N] [--json]',
    summary: 'Rescore every lead under a version (default: the active one); new MQLs are handed off.',
    options: {
      version: { type: 'string', description: 'version number (default: the active version)' },
      json: { type: 'boolean', description: 'print JSON' },
    },
    positionals: ['file'],
    async run({ positionals: [file], values }, io) {
      const summary = withDb(file!, (db) => {
        const id = values.version !== undefined ? criteria.byNumber(db, versionNumber(values.version)).id : activeVersionId(db);
        if (!id) throw new AppError('conflict', 'No active criteria version; pass --version N.');
        let last = -1;
        return rescore(db, id, {
          onProgress: (done, total) => {
            const pct = Math.floor((100 * done) / Math.max(total, 1));
            if (io.isTty && pct !== last) {
              last = pct;
              io.err(`\rscoring ${pct}%`);
            }
          },
        });
      });
      io.out(
        values.json
          ? JSON.stringify(summary)
          : `Scored ${summary.scored} leads under v${summary.versionNumber}: ${summary.mqls} at an MQL level, ${summary.handoffsCreated} new handoffs.`,
      );
    },
  },
};
