import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { suggestMapping } from '../../shared/domain/import/suggest.js';

/** Suggestions on real exports' headers: what the wizard proposes before the user changes anything. */

function headAndSamples(file: string, rows = 200): { columns: string[]; samples: Map<string, string[]> } {
  const text = readFileSync(join('/work/shared/datasets', file), 'utf8')
    .split(/\r?\n/)
    .slice(0, rows + 1)
    .join('\n');
  const [header, ...records] = parse(text, { bom: true, relax_column_count: true }) as string[][];
  return { columns: header!, samples: new Map(header!.map((c, i) => [c, records.map((r) => r[i] ?? '')])) };
}

describe('suggested mapping', () => {
  it('prefers a header that names a field exactly, and takes a near name only when the values fit', () => {
    const { columns, samples } = headAndSamples('x-education-lead-scoring/Leads.csv');
    const s = suggestMapping('leads', columns, samples);
    const target = (c: string) => s.columns.find((x) => x.column === c)?.target;
    expect(target('Prospect ID')).toBe('externalId');
    // "Lead Source" is exactly the source, though "Lead Origin" comes first and also names it.
    expect(target('Lead Source')).toBe('source');
    expect(target('Lead Origin')).toBe('attributes.lead_origin');
    // Yes/No values are not email addresses; seconds are not a web domain.
    expect(target('Do Not Email')).toBe('attributes.do_not_email');
    expect(target('Total Time Spent on Website')).toBe('attributes.total_time_spent_on_website');
    expect(target('Country')).toBe('country');
    expect(new Set(s.mapping.fields.map((f) => f.target)).size).toBe(s.mapping.fields.length);
  });

  it('still takes a near name whose values fit (a "Work Email Address" column of addresses)', () => {
    const s = suggestMapping(
      'leads',
      ['Work Email Address', 'Primary Website'],
      new Map([
        ['Work Email Address', ['a@x.io', 'b@y.com']],
        ['Primary Website', ['https://x.io', 'y.com']],
      ]),
    );
    expect(s.columns.map((c) => c.target)).toEqual(['email', 'domain']);
  });
});
