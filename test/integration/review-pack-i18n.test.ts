import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { packHtml } from '../../main/services/review-pack.js';
import * as reviews from '../../main/services/reviews.js';
import { createRegistry } from '../../main/rpc/registry.js';
import { UI_LANGUAGES, type UiLanguage } from '../../shared/contracts/preferences.js';
import { day } from '../helpers/report-builders.js';
import { buildReviewFixture } from '../helpers/review-fixture.js';
import { createTestDb, type TestDb } from '../helpers/test-db.js';

/*
 * The review pack in the reader's language: the app's catalogues, the locale's number and date
 * formats, right to left for Persian; what the team typed prints as typed.
 */
const catalogue = (lang: UiLanguage) => JSON.parse(readFileSync(`shared/i18n/${lang}.json`, 'utf8')) as Record<string, string>;
const en = catalogue('en');
const DRAFTED_TITLES = ['Top rejection reasons and the rules they blame', 'Offers whose quality rose or fell most', 'SLA breaches', 'Criteria rules with the weakest lift', 'Open proposals'];

describe('review pack languages', () => {
  let t: TestDb;
  let id: string;
  beforeAll(() => {
    t = createTestDb();
    buildReviewFixture(t.db);
    const r = reviews.create(t.db, '2026Q3', day(2026, 10, 15));
    reviews.addItem(t.db, r.id, 'Budget for Q4 events');
    id = r.id;
  });
  afterAll(() => t.cleanup());

  for (const lang of UI_LANGUAGES) {
    it(`${lang}: headings, drafted titles and stored words from the ${lang} catalogue`, () => {
      const m = catalogue(lang);
      const { html, title } = packHtml(t.db, id, { locale: lang });
      expect(html).toContain(`<html lang="${lang}" dir="${lang === 'fa' ? 'rtl' : 'ltr'}">`);
      expect(title).toBe(m['review.pageTitle']!.replace('{quarter}', '2026Q3'));
      expect(html).toContain(`<h1>${title}</h1>`);
      expect(html).toContain(m['review.agendaTitle.sla']);
      expect(html).toContain(m['review.proposals.title']);
      // The item added by hand keeps its words in every language.
      expect(html).toContain('Budget for Q4 events');
      // The fixture's rejections are the shipped "no authority" reason, shown as the app shows it.
      expect(html).toContain(m['reason.rejection.no_authority']);
      if (lang !== 'en') {
        for (const english of DRAFTED_TITLES) expect(html).not.toContain(english);
        expect(html).not.toContain(en['pack.intro']);
      }
    });
  }

  it('formats numbers and dates in the locale: Czech "33,3 %", Persian digits, a region kept', () => {
    const cs = packHtml(t.db, id, { locale: 'cs' }).html;
    expect(cs).toMatch(/\d,\d\u00a0%/);
    expect(cs).not.toMatch(/\d\.\d%/);
    const fa = packHtml(t.db, id, { locale: 'fa' }).html;
    expect(fa).toMatch(/[۰-۹]٫[۰-۹]/);
    expect(packHtml(t.db, id, { locale: 'nl-BE' }).html).toContain('<html lang="nl-BE" dir="ltr">');
    expect(packHtml(t.db, id, { locale: 'en' }).html).toMatch(/\d\.\d%/);
  });

  it('prints English for a language the app has no catalogue for, and for a malformed tag', () => {
    for (const locale of ['de-DE', 'not a tag']) {
      const { html } = packHtml(t.db, id, { locale });
      expect(html).toContain('<html lang="en" dir="ltr">');
      expect(html).toContain(en['pack.intro']!.replace(/'/g, '&#39;'));
    }
  });

  it('reviews:pack takes the reader locale, validated', async () => {
    const registry = createRegistry();
    const ok = (await registry.invoke('reviews:pack', { id, locale: 'pl' }, t.ctx)) as { ok: boolean; value: { html: string } };
    expect(ok.ok).toBe(true);
    expect(ok.value.html).toContain(catalogue('pl')['pack.intro']);
    const bad = (await registry.invoke('reviews:pack', { id, locale: '<script>' }, t.ctx)) as { ok: boolean; error: { kind: string } };
    expect(bad).toMatchObject({ ok: false, error: { kind: 'validation' } });
  });
});
