import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPORT_NAMES } from '../../shared/contracts/reports.js';
import { METRIC_DEFINITIONS, REPORT_DATE_BASIS } from '../../shared/domain/metric-definitions.js';

describe('report definitions', () => {
  const readme = readFileSync(join(process.cwd(), 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('## Report definitions'), readme.indexOf('## Tests and benchmarks'));

  it('lists every metric in the README exactly as the UI shows it', () => {
    expect(section.length).toBeGreaterThan(100);
    for (const [key, text] of Object.entries(METRIC_DEFINITIONS)) expect(section, key).toContain(`- \`${key}\`: ${text}`);
    const listed = [...section.matchAll(/^- `([A-Za-z0-9]+)`: /gm)].map((m) => m[1]);
    expect(new Set(listed)).toEqual(new Set(Object.keys(METRIC_DEFINITIONS)));
  });

  it('says for every report which date its range filters on', () => {
    for (const name of REPORT_NAMES) {
      expect(REPORT_DATE_BASIS[name]).toBeTruthy();
      expect(section).toContain(`(\`${name}\`; the date range filters on: ${REPORT_DATE_BASIS[name]})`);
    }
  });

  it('keeps each definition to one line', () => {
    for (const text of Object.values(METRIC_DEFINITIONS)) {
      expect(text).not.toMatch(/\n/);
      expect(text.length).toBeLessThan(260);
    }
  });
});
