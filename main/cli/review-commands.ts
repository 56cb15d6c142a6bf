import { writeFileSync } from 'node:fs';
import { openWorkspace } from '../db/connection.js';
import { reviewIdForQuarter } from '../db/reviews.repo.js';
import { LocaleSchema } from '../../shared/contracts/preferences.js';
import { QuarterSchema } from '../../shared/contracts/reviews.js';
import { AppError } from '../../shared/errors.js';
import { packHtml } from '../services/review-pack.js';
import * as preferences from '../services/preferences.js';
import { localeFor, resolveLanguage } from '../../shared/i18n/languages.js';
import { printPdf } from '../services/review-pdf.js';
import * as reviews from '../services/reviews.js';
import type { Command } from './commands.js';

const str = (v: string | boolean | undefined) => (typeof v === 'string' ? v : undefined);

function quarter(v: string | boolean | undefined): string {
  const q = str(v);
  if (!q || !QuarterSchema.safeParse(q).success) throw new AppError('validation', `--quarter must be a quarter like 2026Q3 (got "${String(v ?? '')}").`);
  return q;
}

/** The app's language on this laptop (Settings), else the system's from LANG / LC_ALL, as the app picks it. */
function systemLocale(choice: Parameters<typeof resolveLanguage>[0]): string {
  const env = [process.env.LC_ALL, process.env.LC_MESSAGES, process.env.LANG].find((v) => v && v !== 'C' && v !== 'POSIX');
  const tag = env?.split('.')[0]?.replace('_', '-');
  const preferred = tag ? [tag] : [];
  return localeFor(resolveLanguage(choice, preferred), preferred);
}

export const reviewCommands: Record<string, Command> = {
  'review pack': {
    usage: 'leadpact review pack <file.db> --quarter 2026Q3 [--pdf out.pdf] [--html out.html] [--lang cs]',
    summary: "Write a quarter's criteria review pack as PDF (printed by Chromium) and/or HTML.",
    options: {
      quarter: { type: 'string', description: 'the review quarter, e.g. 2026Q3' },
      pdf: { type: 'string', description: 'write the pack as PDF to this file' },
      html: { type: 'string', description: 'write the pack as one HTML file' },
      lang: { type: 'string', description: "the pack's language and locale (en, cs, da, fa, nl, pl; nl-BE); default the app's language on this laptop" },
    },
    positionals: ['file'],
    async run({ positionals: [file], values }, io) {
      const q = quarter(values.quarter);
      const pdf = str(values.pdf);
      const html = str(values.html);
      if (!pdf && !html) throw new AppError('validation', 'Say where to write the pack: --pdf out.pdf and/or --html out.html.');
      const lang = str(values.lang);
      // The same check as the app's reviews:pack locale.
      if (values.lang !== undefined && !(lang && LocaleSchema.safeParse(lang).success)) {
        throw new AppError('validation', `--lang must be a language such as cs or nl-BE (got "${String(values.lang)}").`);
      }
      const db = openWorkspace(file!);
      let pack: { filename: string; html: string; title: string };
      try {
        const id = reviewIdForQuarter(db, q);
        if (!id) throw new AppError('not_found', `${file} has no review for ${q}; create it in the app (Review → New review).`);
        pack = packHtml(db, id, { locale: lang ?? systemLocale(preferences.get(db).language) });
      } finally {
        db.close();
      }
      if (html) {
        writeFileSync(html, pack.html);
        io.out(`Wrote ${html}`);
      }
      if (pdf) {
        const bytes = await printPdf(pack.html, pack.title, pdf);
        io.out(`Wrote ${pdf} (${Math.round(bytes / 1024)} KB)`);
      }
    },
  },
  'review list': {
    usage: 'leadpact review list <file.db> [--json]',
    summary: 'List the criteria reviews with their decisions and the version each produced.',
    options: { json: { type: 'boolean', description: 'print JSON' } },
    positionals: ['file'],
    async run({ positionals: [file], values }, io) {
      const db = openWorkspace(file!);
      try {
        const list = reviews.list(db);
        if (values.json) return io.out(JSON.stringify(list, null, 2));
        if (list.length === 0) return io.out('No reviews yet.');
        for (const r of list) {
          const produced = r.resultingVersion ? `produced v${r.resultingVersion.number}` : 'no new version';
          io.out(`${r.quarter}  ${r.status.padEnd(11)} ${String(r.proposals).padStart(2)} proposal(s), ${produced}`);
          for (const d of r.decisions) io.out(`    ${d.decision.padEnd(6)} v${d.versionNumber} ${d.title}`);
        }
      } finally {
        db.close();
      }
    },
  },
};
