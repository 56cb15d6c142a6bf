import { describe, expect, it } from 'vitest';
import { overEnglish } from '../../renderer/src/i18n/fallback.js';
import { directionOf, localeFor, NATIVE_NAMES, resolveLanguage, systemLanguage } from '../../renderer/src/i18n/languages.js';
import { UI_LANGUAGES } from '../../shared/contracts/preferences.js';

describe('choosing the UI language', () => {
  it('System language is the first of the OS languages that has a catalogue, else English', () => {
    expect(systemLanguage(['de-AT', 'nl-BE', 'en-US'])).toBe('nl');
    expect(systemLanguage(['FA-IR'])).toBe('fa');
    expect(systemLanguage(['de', 'fr'])).toBe('en');
    expect(systemLanguage([])).toBe('en');
    expect(resolveLanguage('system', ['cs-CZ'])).toBe('cs');
    expect(resolveLanguage('da', ['cs-CZ'])).toBe('da');
  });

  it('formats in the user region of that language when the OS has one', () => {
    expect(localeFor('nl', ['en-US', 'nl-BE'])).toBe('nl-BE');
    expect(localeFor('nl', ['en-US'])).toBe('nl');
    expect(localeFor('pl', ['pl'])).toBe('pl');
    expect(localeFor('en', ['en-gb'])).toBe('en-GB');
  });

  it('Persian alone is right-to-left, and every language is named in itself', () => {
    expect(UI_LANGUAGES.filter((l) => directionOf(l) === 'rtl')).toEqual(['fa']);
    for (const l of UI_LANGUAGES) {
      // Intl's own name of the language in that language, up to case: "polski" / "Polski".
      const own = new Intl.DisplayNames([l], { type: 'language' }).of(l)!;
      expect(NATIVE_NAMES[l].toLocaleLowerCase(l)).toBe(own.toLocaleLowerCase(l));
    }
  });
});

describe('a translation over English', () => {
  it('keeps its own messages, shows English for the ids it lacks, and lists them', () => {
    const en = { 'a.one': 'One', 'a.two': 'Two', 'a.three': 'Three' };
    const { messages, missing } = overEnglish(en, { 'a.one': 'Jeden', 'a.three': 'Trzy' });
    expect(messages).toEqual({ 'a.one': 'Jeden', 'a.two': 'Two', 'a.three': 'Trzy' });
    expect(missing).toEqual(['a.two']);
  });
});
