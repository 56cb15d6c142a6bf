import { describe, expect, it } from 'vitest';
import { RuleSchema } from '../../shared/domain/criteria.js';
import { parseVersionFile, toMarkdown, toVersionFile, type ExportableVersion } from '../../shared/domain/version-export.js';

const version: ExportableVersion = {
  number: 3,
  name: 'Authority matters',
  status: 'active',
  rationale: 'Reps rejected webinar MQLs for no authority.',
  levels: [
    { name: 'MQL-B', threshold: 40 },
    { name: 'MQL-A', threshold: 70 },
  ],
  slaHours: 24,
  slaBusinessHours: true,
  effectiveFrom: Date.UTC(2026, 6, 1),
  approvals: [{ userName: 'Maria', team: 'marketing', decision: 'approve', at: Date.UTC(2026, 5, 28) }],
  rules: [
    RuleSchema.parse({ id: 'a', kind: 'fit', label: 'Mid-market | enterprise', field: 'employees', operator: 'range', value: { min: 200, max: 5000 }, points: 15 }),
    RuleSchema.parse({ id: 'b', kind: 'engagement', label: 'Webinar', field: 'touchpoint.type', operator: 'equals', value: 'webinar', points: 8, cap: 16, decayHalfLifeDays: 30 }),
    RuleSchema.parse({ id: 'c', kind: 'disqualifier', label: 'Students', field: 'jobTitle', operator: 'contains', value: 'student', points: 0 }),
  ],
};

describe('criteria export and import', () => {
  it('round-trips a version through its JSON file without ids', () => {
    const text = JSON.stringify(toVersionFile(version));
    expect(text).not.toContain('"id"');
    const parsed = parseVersionFile(text);
    expect(parsed.ok).toBe(true);
    if (parsed.ok) {
      expect(parsed.rules.map((r) => r.label)).toEqual(['Mid-market | enterprise', 'Webinar', 'Students']);
      expect(parsed.rules[1]).toMatchObject({ cap: 16, decayHalfLifeDays: 30, windowDays: null });
      expect(parsed.file.slaBusinessHours).toBe(true);
    }
  });

  it('names the bad rule by number and label', () => {
    const file = toVersionFile(version);
    file.rules[1] = { ...file.rules[1], field: 'shoe_size' };
    const parsed = parseVersionFile(JSON.stringify(file));
    expect(parsed).toEqual({ ok: false, message: expect.stringMatching(/^Rule 2 "Webinar": field: Engagement rules match/) });
    expect(parseVersionFile('{oops')).toMatchObject({ ok: false, message: expect.stringMatching(/^Not valid JSON/) });
    expect(parseVersionFile(JSON.stringify({ ...toVersionFile(version), format: 'x' }))).toMatchObject({ ok: false, message: expect.stringMatching(/^format/) });
    const overlapping = { ...toVersionFile(version), levels: [{ name: 'A', threshold: 5 }, { name: 'B', threshold: 5 }] };
    expect(parseVersionFile(JSON.stringify(overlapping))).toMatchObject({ ok: false, message: expect.stringContaining('share the threshold 5') });
  });

  it('writes a readable Markdown page with levels high to low, rules by kind and the sign-off', () => {
    const md = toMarkdown(version, (ms) => new Date(ms).toISOString().slice(0, 10));
    expect(md).toContain('# Lead criteria v3: Authority matters');
    expect(md).toContain('SLA for a decision: 24 business hours');
    expect(md.indexOf('**MQL-A**')).toBeLessThan(md.indexOf('**MQL-B**'));
    expect(md).toContain('| Mid-market \\| enterprise | employees from 200 to 5000 | 15 |');
    expect(md).toContain('| Webinar | touchpoint.type is webinar | 8 | 16 | 30 | — |');
    expect(md).toContain('| Students | jobTitle contains "student" | veto |');
    expect(md).toContain('- Maria (marketing): approve on 2026-06-28');
  });
});
