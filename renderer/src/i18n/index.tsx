import { useCallback, type ReactNode } from 'react';
import { IntlProvider, useIntl, type PrimitiveType } from 'react-intl';
import en from './en.json';

/*
 * Every UI string lives in a catalogue (ICU MessageFormat). English is the source and the fallback;
 * other locales add a file with the same ids. Dates and numbers are formatted by Intl through react-intl.
 */
export type MessageId = keyof typeof en;

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace FormatjsIntl {
    interface Message {
      ids: MessageId;
    }
  }
}

const catalogues: Record<string, Record<MessageId, string>> = { en };

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
