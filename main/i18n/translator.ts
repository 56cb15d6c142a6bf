import { IntlMessageFormat } from 'intl-messageformat';
import cs from '../../shared/i18n/cs.json' with { type: 'json' };
import da from '../../shared/i18n/da.json' with { type: 'json' };
import en from '../../shared/i18n/en.json' with { type: 'json' };
import fa from '../../shared/i18n/fa.json' with { type: 'json' };
import nl from '../../shared/i18n/nl.json' with { type: 'json' };
import pl from '../../shared/i18n/pl.json' with { type: 'json' };
import { UI_LANGUAGES, type UiLanguage } from '../../shared/contracts/preferences.js';
import { directionOf, systemLanguage } from '../../shared/i18n/languages.js';
import { defaultReasonId, vocabularyId, type ReasonKind } from '../../shared/i18n/message-ids.js';

/*
 * What the main process prints for a reader (the review pack): the renderer's own catalogues, so the
 * pack says what the app's screens say, in the same words and the same locale formats.
 */
type Catalogue = Record<string, string>;
const CATALOGUES: Record<UiLanguage, Catalogue> = { en, cs, da, fa, nl, pl };

export type Values = Record<string, string | number>;

export interface Translator {
  lang: UiLanguage;
  /** The BCP 47 locale numbers and dates follow (nl-BE writes them unlike nl). */
  locale: string;
  dir: 'ltr' | 'rtl';
  t(id: string, values?: Values): string;
  num(x: number): string;
  /** A rate as a percentage with one decimal: "8.1%" in English, "8,1 %" in Czech. */
  pct(x: number | null): string;
  /** Calendar date in UTC, as the review's dates are stored. */
  date(ms: number | null): string;
  list(items: string[]): string;
  /** A stored word of a known vocabulary (seniority, channel, touchpoint type) in the reader's language. */
  word(field: string, value: string): string;
  reason(kind: ReasonKind, label: string, code?: string | null): string;
}

/** The locale asked for, canonical, or English when it is not a valid tag. */
function canonical(locale: string): string {
  try {
    return Intl.getCanonicalLocales(locale)[0] ?? 'en';
  } catch {
    return 'en';
  }
}

export function translator(requested: string): Translator {
  const locale = canonical(requested);
  const lang = systemLanguage([locale]);
  // A language's locale that is not one of ours (e.g. "de") prints English, in English formats.
  const fmtLocale = (UI_LANGUAGES as readonly string[]).includes(locale.split('-')[0]!.toLowerCase()) ? locale : 'en';
  const own = CATALOGUES[lang];
  const compiled = new Map<string, IntlMessageFormat>();
  const int = new Intl.NumberFormat(fmtLocale);
  const percent = new Intl.NumberFormat(fmtLocale, { style: 'percent', minimumFractionDigits: 1, maximumFractionDigits: 1 });
  const day = new Intl.DateTimeFormat(fmtLocale, { dateStyle: 'long', timeZone: 'UTC' });
  const conj = new Intl.ListFormat(fmtLocale, { type: 'conjunction' });
  const t = (id: string, values?: Values): string => {
    let m = compiled.get(id);
    if (!m) {
      // Catalogues are held to English's ids by the unit tests; English covers a gap all the same.
      const text = own[id] ?? en[id as keyof typeof en];
      if (text === undefined) throw new Error(`no message ${id}`);
      m = new IntlMessageFormat(text, fmtLocale);
      compiled.set(id, m);
    }
    return String(m.format(values));
  };
  return {
    lang,
    locale: fmtLocale,
    dir: directionOf(lang),
    t,
    num: (x) => int.format(x),
    pct: (x) => (x === null ? '—' : percent.format(x)),
    date: (ms) => (ms === null ? '—' : day.format(ms)),
    list: (items) => conj.format(items),
    word: (field, value) => {
      const id = vocabularyId(field, value);
      return id === null ? value : t(id);
    },
    reason: (kind, label, code) => {
      const id = defaultReasonId(kind, label, code);
      return id === null ? label : t(id);
    },
  };
}
