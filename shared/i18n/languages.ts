import { UI_LANGUAGES, type LanguageChoice, type UiLanguage } from '../contracts/preferences.js';

/* Which language and locale a reader gets: the renderer's UI and the main process's review pack. */
const RTL: ReadonlySet<UiLanguage> = new Set(['fa']);
export const directionOf = (lang: UiLanguage): 'rtl' | 'ltr' => (RTL.has(lang) ? 'rtl' : 'ltr');

const base = (tag: string) => tag.toLowerCase().split('-')[0] ?? '';
const isUiLanguage = (s: string): s is UiLanguage => (UI_LANGUAGES as readonly string[]).includes(s);

/** "System language": the first of the OS's languages that has a catalogue, else English. */
export function systemLanguage(preferred: readonly string[]): UiLanguage {
  for (const tag of preferred) {
    const b = base(tag);
    if (isUiLanguage(b)) return b;
  }
  return 'en';
}

export function resolveLanguage(choice: LanguageChoice, preferred: readonly string[]): UiLanguage {
  return choice === 'system' ? systemLanguage(preferred) : choice;
}

/**
 * The Intl locale for a UI language: with the user's region when the OS names one for that
 * language (nl-BE writes dates and numbers unlike nl-NL), else the bare language.
 */
export function localeFor(lang: UiLanguage, preferred: readonly string[]): string {
  const regional = preferred.find((tag) => base(tag) === lang && tag.includes('-'));
  if (!regional) return lang;
  try {
    return Intl.getCanonicalLocales(regional)[0] ?? lang;
  } catch {
    return lang;
  }
}
