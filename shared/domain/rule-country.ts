import type { Rule } from './criteria.js';
import { countryCode } from './import/country.js';

/**
 * Leads carry country codes (the import turns "Netherlands" into NL), so a rule typed with names
 * ("country in Netherlands, Germany") is saved with the codes; otherwise it would silently match
 * nobody. Values that name no country are kept as typed. Only `equals`, `in` and `not_in` compare
 * whole values; `contains` and `starts_with` are left alone.
 */
/**
 * One list entry as codes. "Netherlands, Germany" typed on one line (the form asks for one per line)
 * is two countries when each part names one; "Korea, Republic of" is one country, so the whole
 * value is looked up first.
 */
function codes(v: unknown): unknown[] {
  if (typeof v !== 'string') return [v];
  const whole = countryCode(v);
  if (whole !== null) return [whole];
  const parts = v.split(/[,;]/).map((p) => p.trim()).filter((p) => p !== '');
  const each = parts.map((p) => countryCode(p));
  return parts.length > 1 && each.every((c) => c !== null) ? each : [v];
}

export function withCountryCodes(rule: Rule): Rule {
  if (rule.kind !== 'fit' && rule.kind !== 'disqualifier') return rule;
  if (rule.field !== 'country') return rule;
  const code = (v: unknown) => (typeof v === 'string' ? (countryCode(v) ?? v) : v);
  if (rule.operator === 'equals') return { ...rule, value: code(rule.value) as Rule['value'] };
  if ((rule.operator === 'in' || rule.operator === 'not_in') && Array.isArray(rule.value)) {
    return { ...rule, value: [...new Set(rule.value.flatMap(codes))] as Rule['value'] };
  }
  return rule;
}
