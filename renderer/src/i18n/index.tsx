import { useCallback, type ReactNode } from 'react';
import { IntlProvider, useIntl, type PrimitiveType } from 'react-intl';

/*
 * Every UI string lives in a catalogue (ICU MessageFormat): i18n/<lang>.json, flat ids. English is
 * the source and the fallback; another language is one more file with the same ids. Dates and
 * numbers are formatted by Intl through react-intl.
 *
 * The catalogues are collected by Vite (import.meta.glob) rather than imported as typed JSON,
 * because renderer/tsconfig.json only lists .ts/.tsx files; so ids are checked at run time (a
 * missing id is reported by react-intl and fails the e2e tests) rather than by the compiler.
 */
export type MessageId = string;

const catalogues: Record<string, Record<string, string>> = Object.fromEntries(
  Object.entries(import.meta.glob<Record<string, string>>('./*.json', { eager: true, import: 'default' })).map(
    ([path, messages]) => [path.replace(/^.*\/(.+)\.json$/, '$1'), messages],
  ),
);
const en = catalogues.en ?? {};

/** The user's English variant when they have one (for date and number formats), else plain English. */
function pickLocale(): string {
  const wanted = typeof navigator === 'undefined' ? [] : navigator.languages;
  return wanted.find((l) => l.toLowerCase().startsWith('en')) ?? 'en';
}

export function I18nProvider({ children }: { children: ReactNode }) {
  const locale = pickLocale();
  const lang = locale.split('-')[0] ?? 'en';
  const messages = catalogues[lang] ?? en;
  return (
    <IntlProvider locale={locale} defaultLocale="en" messages={messages}>
      {children}
    </IntlProvider>
  );
}

export type Translate = (id: MessageId, values?: Record<string, PrimitiveType>) => string;

/** `t('leads.title')`: a catalogue message as plain text (for attributes and aria labels too). */
export function useT(): Translate {
  const intl = useIntl();
  return useCallback((id, values) => intl.formatMessage({ id }, values) as string, [intl]);
}

/** "NL" → "Netherlands" in the UI language; null when the value is not a region code. */
export function useRegionName(): (code: string) => string | null {
  const intl = useIntl();
  return useCallback(
    (code) => {
      if (!/^[A-Za-z]{2}$/.test(code)) return null;
      try {
        const name = intl.formatDisplayName(code.toUpperCase(), { type: 'region', fallback: 'none' });
        return name && name !== code ? name : null;
      } catch {
        return null;
      }
    },
    [intl],
  );
}
