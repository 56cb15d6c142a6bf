import type { Rule } from '../../shared/domain/criteria.js';
import { countryCode } from '../../shared/domain/import/country.js';

/**
 * Leads carry country codes (the import turns "Netherlands" into NL), so a rule typed with names
 * ("country in Netherlands, Germany") is saved with the codes; otherwise it would silently match
 * nobody. Values that name no country are kept as typed. Only `equals`, `in` and `not_in` compare
 * whole values; `contains` and `starts_with` are left alone.
 */
export function withCountryCodes(rule: Rule): Rule {
  if (rule.kind !== 'fit' && rule.kind !== 'disqualifier') return rule;
  if (rule.field !== 'country') return rule;
  const code = (v: unknown) => (typeof v === 'string' ? (countryCode(v) ?? v) : v);
  if (rule.operator === 'equals') return { ...rule, value: code(rule.value) as Rule['value'] };
  if ((rule.operator === 'in' || rule.operator === 'not_in') && Array.isArray(rule.value)) {
    return { ...rule, value: [...new Set(rule.value.map(code))] as Rule['value'] };
  }
  return rule;
}
