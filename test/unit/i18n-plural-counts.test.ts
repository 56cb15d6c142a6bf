import { readFileSync } from 'node:fs';
import { IntlMessageFormat } from 'intl-messageformat';
import { describe, expect, it } from 'vitest';

const catalogue = (lang: string) => JSON.parse(readFileSync(`shared/i18n/${lang}.json`, 'utf8')) as Record<string, string>;
const say = (lang: string, id: string, values: Record<string, string | number>) => new IntlMessageFormat(catalogue(lang)[id]!, lang).format(values) as string;

describe('counts of leads in report summaries agree with their number', () => {
  const funnel = { mql: '10', won: '2', months: 12, rate: '1%' };
  it('Polish: 1 lead, 2 leady, 5 leadów, 22 leady, 1,5 leada', () => {
    const pl = (leads: number) => say('pl', 'report.funnel.summary', { ...funnel, leads }).split(' w ciągu')[0];
    expect([1, 2, 5, 22, 112, 1.5].map(pl)).toEqual(['1 lead', '2 leady', '5 leadów', '22 leady', '112 leadów', '1,5 leada']);
    expect(say('pl', 'report.velocity.summary', { median: '2', p80: '5', n: 3 })).toContain('(3 leady)');
  });
  it('Czech: 1 lead, 3 leady, 5 leadů', () => {
    const cs = (leads: number) => say('cs', 'report.funnel.summary', { ...funnel, leads }).split(' za')[0];
    expect([1, 3, 5].map(cs)).toEqual(['1 lead', '3 leady', '5 leadů']);
  });
  it('English and Persian format the count in their own digits', () => {
    expect(say('en', 'report.funnel.summary', { ...funnel, leads: 3000 })).toMatch(/^3,000 leads over 12 months/);
    expect(say('en', 'report.funnel.summary', { ...funnel, leads: 1, months: 1 })).toMatch(/^1 lead over 1 month/);
    expect(say('fa', 'report.funnel.summary', { ...funnel, leads: 3000 })).toMatch(/^۳٬۰۰۰ سرنخ/);
  });
});
