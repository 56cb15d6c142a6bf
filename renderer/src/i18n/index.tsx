import { useCallback, useEffect, useLayoutEffect, useState, useSyncExternalStore, type ReactNode } from 'react';
import { IntlProvider, useIntl, type IntlConfig, type PrimitiveType } from 'react-intl';
import { usePreferences } from '../hooks/use-preferences.js';
import { loadCatalogue, loadedCatalogue } from './catalogues.js';
import { directionOf, localeFor, navigatorLanguages, resolveLanguage, type UiLanguage } from './languages.js';
import { useApplyTheme } from './theme.js';

/*
 * Every UI string lives in a catalogue (ICU MessageFormat): shared/i18n/<lang>.json, flat ids. English is
 * the source and the fallback; another language is one more file with the same ids (the unit test
 * test/unit/i18n-catalogues.test.ts holds every catalogue to English). Dates and numbers are
 * formatted by Intl through react-intl in the chosen language's locale.
 *
 * The catalogues are collected by Vite (import.meta.glob) rather than imported as typed JSON,
 * because renderer/tsconfig.json only lists .ts/.tsx files; so ids are checked at run time (a
 * missing id is reported by react-intl and fails the e2e tests) rather than by the compiler.
 */
export type MessageId = string;

/**
 * Problems reach the console as errors, which the e2e fixture collects as test failures; the user
 * meanwhile sees the English text (catalogues are merged over English) or, for an id that not even
 * English has, the id itself.
 */
const reportIntlError: NonNullable<IntlConfig['onError']> = (err) => {
  console.error(`[i18n] ${err.code}: ${err.message}`);
};

const onLanguageChange = (cb: () => void) => {
  window.addEventListener('languagechange', cb);
  return () => window.removeEventListener('languagechange', cb);
};
const languagesSnapshot = () => navigatorLanguages().join(',');

/** The OS languages, followed live: "System language" changes with the system's. */
function useSystemLanguages(): readonly string[] {
  const joined = useSyncExternalStore(onLanguageChange, languagesSnapshot);
  return joined ? joined.split(',') : [];
}

/**
 * The chosen language (Settings, stored per laptop in the workspace) or the system's, applied to
 * `<html lang dir>` and IntlProvider. Until the preferences and the catalogue are in, nothing is
 * rendered, so a Persian user never sees an English, left-to-right first frame.
 */
export function I18nProvider({ children }: { children: ReactNode }) {
  const prefs = usePreferences();
  const choice = prefs.data?.language ?? (prefs.isError ? 'system' : null);
  useApplyTheme(prefs.data?.theme ?? 'system');
  const preferred = useSystemLanguages();
  const wanted = choice === null ? null : resolveLanguage(choice, preferred);

  // A language switch keeps the current one on screen until the new catalogue has arrived; one
  // loaded before (English always is) applies in the same render.
  const [shown, setShown] = useState<UiLanguage | null>(null);
  const lang = wanted && loadedCatalogue(wanted) ? wanted : shown;
  useEffect(() => {
    if (!wanted) return;
    let live = true;
    loadCatalogue(wanted).then(
      () => live && setShown(wanted),
      (e: unknown) => {
        // A catalogue that cannot be fetched leaves the UI in English rather than blank.
        console.error(`[i18n] ${wanted}: catalogue failed to load: ${String(e)}`);
        if (live) setShown('en');
      },
    );
    return () => {
      live = false;
    };
  }, [wanted]);

  const locale = lang ? localeFor(lang, preferred) : null;
  useLayoutEffect(() => {
    if (!lang || !locale) return;
    document.documentElement.lang = locale;
    document.documentElement.dir = directionOf(lang);
  }, [lang, locale]);

  const messages = lang ? loadedCatalogue(lang) : undefined;
  if (!lang || !locale || !messages) return null;
  return (
    <IntlProvider locale={locale} defaultLocale="en" messages={messages} onError={reportIntlError}>
      {children}
    </IntlProvider>
  );
}

export type Translate = (id: MessageId, values?: Record<string, PrimitiveType>) => string;

/** `t('leads.title')`: a catalogue message as plain text (for attributes and aria labels too). */
export function useT(): Translate {
  const intl = useIntl();
  return useCallback(
    (id, values) => intl.formatMessage({ id }, values && plainNumbers(intl.messages[id], values, (n) => intl.formatNumber(n))) as string,
    [intl],
  );
}

/**
 * ICU prints a number given to a plain `{min}` as String(n): Latin digits and no grouping in every
 * language. Such numbers are formatted in the UI's locale first (Persian digits, "12,500"); a number
 * the message also uses as `{n, plural …}` or `{n, number}` is left for ICU to format.
 */
function plainNumbers(
  message: unknown,
  values: Record<string, PrimitiveType>,
  format: (n: number) => string,
): Record<string, PrimitiveType> {
  if (typeof message !== 'string') return values;
  let out = values;
  for (const [k, v] of Object.entries(values)) {
    if (typeof v !== 'number' || !message.includes(`{${k}}`) || message.includes(`{${k},`)) continue;
    if (out === values) out = { ...values };
    out[k] = format(v);
  }
  return out;
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

/**
 * ["Price", "Timing"] → "Price and Timing" (or "… or …") in the UI language: Persian separates with
 * «،» and joins with «و», so a list is never glued together with an English ", ".
 */
export function useFormatList(): (items: readonly string[], type?: 'conjunction' | 'disjunction' | 'unit') => string {
  const intl = useIntl();
  return useCallback((items, type = 'conjunction') => intl.formatList(items, { type }), [intl]);
}
