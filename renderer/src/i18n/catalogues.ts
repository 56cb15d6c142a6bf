import { overEnglish, type Catalogue } from './fallback.js';
import type { UiLanguage } from './languages.js';

/*
 * The catalogues live in shared/i18n because the main process prints the review pack from them too.
 * English is the source and the fallback, so it is in the first bundle; every other catalogue is its
 * own chunk, fetched when that language is chosen (the six together are several hundred KB).
 */
const eager = import.meta.glob<Catalogue>('../../../shared/i18n/en.json', { eager: true, import: 'default' });
export const en: Catalogue = Object.values(eager)[0] ?? {};

const lazy = import.meta.glob<Catalogue>(['../../../shared/i18n/*.json', '!../../../shared/i18n/en.json'], { import: 'default' });
const loaders = new Map(Object.entries(lazy).map(([path, load]) => [path.replace(/^.*\/(.+)\.json$/, '$1'), load]));

const loaded = new Map<UiLanguage, Catalogue>([['en', en]]);

/** Already loaded (English always is): lets a switch back to a language apply in the same render. */
export const loadedCatalogue = (lang: UiLanguage): Catalogue | undefined => loaded.get(lang);

/** The language's messages over English; ids it lacks are reported on the console, which the e2e tests collect as problems. */
export async function loadCatalogue(lang: UiLanguage): Promise<Catalogue> {
  const done = loaded.get(lang);
  if (done) return done;
  const load = loaders.get(lang);
  const own = load ? await load() : {};
  const { messages, missing } = overEnglish(en, own);
  if (missing.length > 0) {
    const shown = missing.slice(0, 20).join(', ');
    console.error(`[i18n] ${lang}: ${missing.length} message(s) missing, shown in English: ${shown}${missing.length > 20 ? ', …' : ''}`);
  }
  loaded.set(lang, messages);
  return messages;
}
