import { createElement, useCallback, type ReactNode } from 'react';
import { useIntl } from 'react-intl';
import type { WhyValues } from '../../../../shared/domain/import/reasons.js';
import { DELIMITERS, type Delimiter } from '../../../../shared/domain/import/sniff.js';
import type { ImportKind } from '../../../../shared/domain/import/targets.js';
import { DATE_FORMATS } from '../../../../shared/domain/import/transforms.js';
import { useT } from '../../i18n/index.js';
import { targetLabel } from './labels.js';

/*
 * Main explains what it detected and why it rejects a cell twice: as an English sentence (the CLI's
 * and the errors CSV's) and as a code with its values (shared/domain/import/reasons.ts). The wizard
 * shows catalogue message import.why.<group>.<code> with those values, named in the UI language
 * (delimiters, encodings, date formats, fields, lists of words); numbers are formatted by the locale
 * (plain arguments here, plurals by ICU), and a value from the file is shown as written, inside the
 * message's quotes and isolated in a <bdi> (in a Persian line a Latin "1/2/2021" or "many" keeps its
 * own order and leaves the quotes where they belong). A reason without a code, or with a code the
 * catalogue lacks, is shown as main's English sentence.
 */
export type WhyGroup = 'encoding' | 'delimiter' | 'header' | 'cell';

const DELIMITER_KEY: Record<Delimiter, string> = { ',': 'comma', ';': 'semicolon', '\t': 'tab', '|': 'pipe' };
const isDelimiter = (v: string): v is Delimiter => (DELIMITERS as readonly string[]).includes(v);
const isDateFormat = (v: string) => (DATE_FORMATS as readonly string[]).includes(v);
/** Values that are the file's own text. */
const FROM_THE_FILE: ReadonlySet<string> = new Set(['value']);

export type SayWhy = (
  group: WhyGroup,
  why: { code?: string | undefined; values?: WhyValues | undefined } | undefined,
  english: string,
) => ReactNode;

/** `why('cell', error, error.reason)`: the reason in the UI language, else the English sentence. */
export function useImportWhy(kind?: ImportKind): SayWhy {
  const intl = useIntl();
  const t = useT();
  return useCallback(
    (group, why, english) => {
      if (!why?.code) return english;
      const id = `import.why.${group}.${why.code}`;
      const message = intl.messages[id];
      if (typeof message !== 'string') return english;
      const values: Record<string, ReactNode> = {};
      for (const [k, v] of Object.entries(why.values ?? {})) {
        if (Array.isArray(v)) values[k] = intl.formatList(v, { type: 'disjunction' });
        // A plain {n} in the locale's digits and grouping; {n, plural …} is ICU's to format.
        else if (typeof v === 'number') values[k] = message.includes(`{${k}}`) ? intl.formatNumber(v) : v;
        else if (FROM_THE_FILE.has(k)) values[k] = createElement('bdi', null, v);
        else if (k === 'delimiter' && isDelimiter(v)) values[k] = t(`import.delimiter.${DELIMITER_KEY[v]}`);
        else if (k === 'encoding') values[k] = v.toUpperCase();
        else if (k === 'format' && isDateFormat(v)) values[k] = t(`import.dateFormatLong.${v}`);
        else if (k === 'field' && kind && (v.includes('attributes.') || `import.field.${kind}.${v}` in intl.messages))
          values[k] = targetLabel(t, kind, v);
        else values[k] = v;
      }
      return intl.formatMessage({ id }, values);
    },
    [intl, t, kind],
  );
}
