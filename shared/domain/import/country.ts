import countries from 'i18n-iso-countries';

/**
 * Country values from CRM exports to ISO 3166 alpha-2 codes. Criteria compare country by code
 * ("country in NL, DE"), while HubSpot, Salesforce and most spreadsheets export the name, often in
 * the user's language ("Netherlands", "Nederland", "USA"). Kept out of targets.ts so the renderer,
 * which imports the field list, does not bundle the names of every country in 78 languages.
 */

let lookup: Map<string, string> | null = null;

/** Case, accents, dots, a leading "the" and punctuation do not tell two countries apart. */
function key(value: string): string {
  return value
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/\./g, '')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim()
    .replace(/^the /, '');
}

/** English first, then the app's own languages, then the rest: the first language to claim a name keeps it. */
const PREFERRED = ['en', 'nl', 'da', 'pl', 'cs', 'fa', 'de', 'fr', 'es', 'it', 'pt', 'sv', 'nb', 'fi'];

function build(): Map<string, string> {
  const m = new Map<string, string>();
  const put = (name: string, code: string) => {
    const k = key(name);
    if (k !== '' && !m.has(k)) m.set(k, code);
  };
  for (const code of Object.keys(countries.getAlpha2Codes())) put(code, code);
  for (const [a3, a2] of Object.entries(countries.getAlpha3Codes())) put(a3, a2);
  const langs = [...PREFERRED.filter((l) => countries.langs().includes(l)), ...countries.langs().filter((l) => !PREFERRED.includes(l))];
  for (const lang of langs) {
    for (const [code, names] of Object.entries(countries.getNames(lang, { select: 'all' }))) {
      for (const name of names) put(name, code);
    }
  }
  return m;
}

/** The alpha-2 code for a code, alpha-3 code or country name in any of 78 languages; null when unknown. */
export function countryCode(value: string): string | null {
  lookup ??= build();
  return lookup.get(key(value)) ?? null;
}
