import { UI_LANGUAGES, type UiLanguage } from '../../../shared/contracts/preferences.js';

export { directionOf, localeFor, resolveLanguage, systemLanguage } from '../../../shared/i18n/languages.js';

export { UI_LANGUAGES, type UiLanguage };

/**
 * Each language named in itself, so someone who cannot read the current UI still finds their own
 * (a Persian speaker stranded in Czech looks for «فارسی», not for "Perština").
 */
export const NATIVE_NAMES: Record<UiLanguage, string> = {
  en: 'English',
  pl: 'Polski',
  fa: 'فارسی',
  nl: 'Nederlands',
  da: 'Dansk',
  cs: 'Čeština',
};

export function navigatorLanguages(): readonly string[] {
  if (typeof navigator === 'undefined') return [];
  return navigator.languages?.length ? navigator.languages : navigator.language ? [navigator.language] : [];
}
