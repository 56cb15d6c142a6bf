import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openWorkspace } from '../../main/db/connection.js';
import * as preferences from '../../main/services/preferences.js';
import { create } from '../../main/services/reviews.js';
import { day } from '../helpers/report-builders.js';
import { buildReviewFixture } from '../helpers/review-fixture.js';
import { tempDir } from '../helpers/test-db.js';

const bin = join(process.cwd(), 'bin', 'leadpact.mjs');
const cli = (args: string[], env: NodeJS.ProcessEnv = process.env) => {
  const r = spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', timeout: 120_000, env });
  return { code: r.status, out: r.stdout, err: r.stderr };
};

describe('leadpact review', () => {
  let t: ReturnType<typeof tempDir>;
  let file: string;
  beforeAll(() => {
    t = tempDir();
    file = join(t.dir, 'w.db');
    const db = openWorkspace(file, { create: true });
    buildReviewFixture(db);
    create(db, '2026Q3', day(2026, 10, 15));
    db.close();
  });
  afterAll(() => t.cleanup());

  it('writes the pack as HTML and as a PDF printed by Chromium', () => {
    const html = join(t.dir, 'pack.html');
    const pdf = join(t.dir, 'pack.pdf');
    // The pack follows the system's language when the app's is "system": pinned to English here.
    const r = cli(['review', 'pack', file, '--quarter', '2026Q3', '--pdf', pdf, '--html', html], { ...process.env, LC_ALL: '', LC_MESSAGES: '', LANG: 'C.UTF-8' });
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(readFileSync(html, 'utf8')).toContain('<h1>Criteria review 2026Q3</h1>');
    const bytes = readFileSync(pdf);
    expect(bytes.subarray(0, 5).toString()).toBe('%PDF-');
    expect(bytes.length).toBeGreaterThan(10_000);
  }, 120_000);

  it("writes the pack in --lang, else in the app's language on this laptop, else the system's", () => {
    const html = join(t.dir, 'lang.html');
    const head = () => readFileSync(html, 'utf8').match(/<html[^>]*>|<h1>[^<]*<\/h1>/g)!.join('');
    const english = { ...process.env, LC_ALL: '', LC_MESSAGES: '', LANG: 'C.UTF-8' };
    expect(cli(['review', 'pack', file, '--quarter', '2026Q3', '--html', html, '--lang', 'cs'], english).code).toBe(0);
    expect(head()).toBe('<html lang="cs" dir="ltr"><h1>Revize kritérií 2026Q3</h1>');
    expect(cli(['review', 'pack', file, '--quarter', '2026Q3', '--html', html], { ...english, LANG: 'nl_BE.UTF-8' }).code).toBe(0);
    expect(head()).toBe('<html lang="nl-BE" dir="ltr"><h1>Criteriareview 2026Q3</h1>');
    const db = openWorkspace(file);
    preferences.set(db, { language: 'pl' });
    db.close();
    expect(cli(['review', 'pack', file, '--quarter', '2026Q3', '--html', html], { ...english, LANG: 'nl_BE.UTF-8' }).code).toBe(0);
    expect(head()).toBe('<html lang="pl" dir="ltr"><h1>Przegląd kryteriów 2026Q3</h1>');
    const bad = cli(['review', 'pack', file, '--quarter', '2026Q3', '--html', html, '--lang', 'cs;rm'], english);
    expect(bad.code).toBe(1);
    expect(bad.err).toMatch(/--lang must be a language such as cs or nl-BE/);
    const back = openWorkspace(file);
    preferences.set(back, { language: 'system' });
    back.close();
  });

  it('refuses with one line: a bad quarter, a quarter without review, no Chromium', () => {
    const bad = cli(['review', 'pack', file, '--quarter', '2026-3', '--pdf', join(t.dir, 'x.pdf')]);
    expect(bad.code).toBe(1);
    expect(bad.err).toMatch(/--quarter must be a quarter like 2026Q3/);
    const none = cli(['review', 'pack', file, '--quarter', '2025Q1', '--pdf', join(t.dir, 'x.pdf')]);
    expect(none.code).toBe(1);
    expect(none.err).toMatch(/no review for 2025Q1/);
    const noChromium = cli(['review', 'pack', file, '--quarter', '2026Q3', '--pdf', join(t.dir, 'x.pdf')], { ...process.env, LEADPACT_CHROMIUM: '/nonexistent/chromium' });
    expect(noChromium.code).toBe(1);
    expect(noChromium.err).toMatch(/No Chromium found/);
  });

  it('lists reviews with what they decided', () => {
    const r = cli(['review', 'list', file]);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^2026Q3 {2}planned .* 0 proposal\(s\), no new version/m);
  });
});
