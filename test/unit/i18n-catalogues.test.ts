import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, TYPE, type MessageFormatElement } from '@formatjs/icu-messageformat-parser';
import { describe, expect, it } from 'vitest';
import { UI_LANGUAGES } from '../../shared/contracts/preferences.js';

/*
 * Every catalogue is held to English, the source: the same ids, messages that parse, the same ICU
 * arguments (names and types), rich-text tags and select keys, and every plural with all the forms
 * the language's plural rules have (Polish and Czech need one/few/many/other, not English's two).
 */
const DIR = 'shared/i18n';
type Catalogue = Record<string, string>;
const read = (lang: string) => JSON.parse(readFileSync(join(DIR, `${lang}.json`), 'utf8')) as Catalogue;
const en = read('en');
const present = readdirSync(DIR)
  .filter((f) => f.endsWith('.json'))
  .map((f) => f.replace(/\.json$/, ''));
const others = UI_LANGUAGES.filter((l) => l !== 'en');

interface Signature {
  args: Set<string>;
  tags: Set<string>;
  selects: Map<string, string>;
  plurals: { arg: string; ordinal: boolean; keys: string[] }[];
}

function signature(elements: MessageFormatElement[], sig: Signature = { args: new Set(), tags: new Set(), selects: new Map(), plurals: [] }): Signature {
  for (const el of elements) {
    switch (el.type) {
      case TYPE.argument:
        sig.args.add(`${el.value}: string`);
        break;
      case TYPE.number:
      case TYPE.date:
      case TYPE.time:
        sig.args.add(`${el.value}: ${TYPE[el.type]}`);
        break;
      case TYPE.select:
        sig.args.add(`${el.value}: select`);
        sig.selects.set(el.value, Object.keys(el.options).sort().join('|'));
        for (const o of Object.values(el.options)) signature(o.value, sig);
        break;
      case TYPE.plural:
        sig.args.add(`${el.value}: plural`);
        sig.plurals.push({ arg: el.value, ordinal: el.pluralType === 'ordinal', keys: Object.keys(el.options) });
        for (const o of Object.values(el.options)) signature(o.value, sig);
        break;
      case TYPE.tag:
        sig.tags.add(el.value);
        signature(el.children, sig);
        break;
      default:
        break;
    }
  }
  return sig;
}

const sorted = (s: Set<string>) => [...s].sort();

describe('the UI languages', () => {
  it('each have a catalogue, and no catalogue is for a language the app does not offer', () => {
    expect(present.sort()).toEqual([...UI_LANGUAGES].sort());
  });

  it('have full ICU plural rules in this Node (full ICU): Polish and Czech have few and many', () => {
    const cats = (l: string) => new Intl.PluralRules(l).resolvedOptions().pluralCategories.slice().sort();
    expect(cats('pl')).toEqual(['few', 'many', 'one', 'other']);
    expect(cats('cs')).toEqual(['few', 'many', 'one', 'other']);
    expect(cats('fa')).toEqual(['one', 'other']);
    expect(new Intl.PluralRules('pl').select(5)).toBe('many');
    expect(new Intl.NumberFormat('fa').format(12)).toBe('۱۲');
  });
});

describe.each(others)('the %s catalogue', (lang) => {
  const cat = present.includes(lang) ? read(lang) : {};

  it('has every English id and no other', () => {
    const missing = Object.keys(en).filter((id) => !(id in cat));
    const extra = Object.keys(cat).filter((id) => !(id in en));
    expect({ missing, extra }).toEqual({ missing: [], extra: [] });
  });

  it('has the same arguments, tags and select keys as English, and every plural form of the language', () => {
    const categories = new Intl.PluralRules(lang).resolvedOptions().pluralCategories;
    const ordinalCategories = new Intl.PluralRules(lang, { type: 'ordinal' }).resolvedOptions().pluralCategories;
    const problems: string[] = [];
    for (const [id, message] of Object.entries(cat)) {
      if (!(id in en)) continue;
      let mine: Signature;
      try {
        mine = signature(parse(message));
      } catch (e) {
        problems.push(`${id}: does not parse (${(e as Error).message})`);
        continue;
      }
      const source = signature(parse(en[id]!));
      if (sorted(mine.args).join() !== sorted(source.args).join())
        problems.push(`${id}: arguments ${sorted(mine.args).join(', ')} ≠ English ${sorted(source.args).join(', ')}`);
      if (sorted(mine.tags).join() !== sorted(source.tags).join())
        problems.push(`${id}: tags <${sorted(mine.tags).join('>, <')}> ≠ English <${sorted(source.tags).join('>, <')}>`);
      for (const [arg, keys] of source.selects)
        if (mine.selects.get(arg) !== keys) problems.push(`${id}: select {${arg}} keys ${mine.selects.get(arg)} ≠ English ${keys}`);
      for (const p of mine.plurals) {
        const need = p.ordinal ? ordinalCategories : categories;
        const lacking = need.filter((c) => !p.keys.includes(c));
        if (lacking.length > 0) problems.push(`${id}: plural {${p.arg}} lacks ${lacking.join(', ')}`);
      }
    }
    expect(problems).toEqual([]);
  });
});

describe('the English catalogue', () => {
  it('parses, and its plurals have one and other', () => {
    const problems: string[] = [];
    for (const [id, message] of Object.entries(en)) {
      try {
        for (const p of signature(parse(message)).plurals) {
          if (!p.ordinal && !(p.keys.includes('one') && p.keys.includes('other'))) problems.push(`${id}: plural {${p.arg}} needs one and other`);
        }
      } catch (e) {
        problems.push(`${id}: ${(e as Error).message}`);
      }
    }
    expect(problems).toEqual([]);
  });
});
