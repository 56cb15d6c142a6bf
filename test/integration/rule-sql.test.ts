import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { leadRulePredicate } from '../../main/db/rule-sql.js';
import { previewRule } from '../../main/services/rule-preview.js';
import { newId } from '../../main/db/ids.js';
import { RuleSchema } from '../../shared/domain/criteria.js';
import { valueTest } from '../../shared/domain/scoring.js';
import { insertLead } from '../helpers/builders.js';
import { createTestDb, type TestDb } from '../helpers/test-db.js';

const COUNTRIES = ['NL', 'nl ', 'DE', 'PL', ''];
const TITLES = ['Head of Sales', 'Student', 'CTO', 'sales ops', null];

describe('rules as SQL agree with the scoring engine', () => {
  let t: TestDb;
  const leads: { id: string; country: string; employees: number | null; jobTitle: string | null; tech: string | number | null }[] = [];
  beforeAll(() => {
    t = createTestDb();
    let i = 0;
    for (const country of COUNTRIES) {
      for (const jobTitle of TITLES) {
        for (const employees of [null, 10, 200, 5000]) {
          const tech = [null, 'HubSpot', 'salesforce', 42][i++ % 4]!;
          const id = insertLead(t.db, { country, jobTitle, employees });
          t.db.prepare('UPDATE leads SET attributes = ? WHERE id = ?').run(JSON.stringify(tech === null ? {} : { tech }), id);
          leads.push({ id, country, employees, jobTitle, tech });
        }
      }
    }
  });
  afterAll(() => t.cleanup());

  const ruleArb = fc.oneof(
    fc.record({ field: fc.constant('country'), operator: fc.constantFrom('equals', 'exists', 'missing'), value: fc.constantFrom('nl', 'DE', 'x') }),
    fc.record({ field: fc.constant('country'), operator: fc.constantFrom('in', 'not_in'), value: fc.subarray(['NL', 'de', 'PL', 'US'], { minLength: 1 }) }),
    fc.record({ field: fc.constant('jobTitle'), operator: fc.constantFrom('contains', 'starts_with'), value: fc.constantFrom('sales', 'head', 'stud', 'c') }),
    fc.record({
      field: fc.constant('employees'),
      operator: fc.constant('range'),
      value: fc.record({ min: fc.integer({ min: 0, max: 6000 }) }),
    }),
    fc.record({ field: fc.constant('employees'), operator: fc.constantFrom('equals', 'exists', 'missing'), value: fc.constantFrom(200, 10) }),
    fc.record({ field: fc.constant('attributes.tech'), operator: fc.constantFrom('in', 'not_in'), value: fc.subarray(['hubspot', 'Salesforce', '42'], { minLength: 1 }) }),
  );

  it('matches exactly the same leads for random rules', () => {
    fc.assert(
      fc.property(ruleArb, (r) => {
        const value = r.operator === 'exists' || r.operator === 'missing' ? null : r.value;
        const rule = RuleSchema.parse({ id: 'x', kind: 'fit', label: 'x', points: 1, ...r, value });
        const p = leadRulePredicate(rule);
        const sqlIds = new Set((t.db.prepare(`SELECT l.id FROM leads l WHERE ${p.sql}`).all(...p.params) as { id: string }[]).map((x) => x.id));
        const test = valueTest(rule.operator, rule.value);
        const read = (l: (typeof leads)[number]) =>
          rule.field === 'attributes.tech' ? l.tech : (l as unknown as Record<string, unknown>)[rule.field];
        const jsIds = new Set(leads.filter((l) => test(read(l))).map((l) => l.id));
        expect(sqlIds).toEqual(jsIds);
      }),
      { numRuns: 200 },
    );
  });

  it('previews a fit rule and an engagement rule with its cap', () => {
    const fit = previewRule(t.db, { kind: 'fit', label: 'Dutch', field: 'country', operator: 'equals', value: 'NL', points: 5 });
    expect(fit).toEqual({ matches: 40, total: leads.length, avgPoints: 5 });
    // Typed as names, the preview counts what the saved rule (codes) will match.
    const named = previewRule(t.db, { kind: 'fit', label: 'Dutch', field: 'country', operator: 'in', value: ['Netherlands'], points: 5 });
    expect(named).toEqual(fit);
    const [a, b] = leads;
    const tp = t.db.prepare(`INSERT INTO touchpoints (id, lead_id, type, occurred_at, created_at, updated_at) VALUES (?, ?, 'webinar', 0, 0, 0)`);
    tp.run(newId(), a!.id);
    tp.run(newId(), a!.id);
    tp.run(newId(), a!.id);
    tp.run(newId(), b!.id);
    const eng = previewRule(t.db, { kind: 'engagement', label: 'Webinar', field: 'touchpoint.type', operator: 'equals', value: 'webinar', points: 10, cap: 25 });
    expect(eng).toEqual({ matches: 2, total: leads.length, avgPoints: 17.5 });
  });
});
