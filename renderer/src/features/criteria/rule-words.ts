import { useMemo } from 'react';
import { useIntl } from 'react-intl';
import type { Rule } from '../../../../shared/domain/criteria.js';
import { useFacets } from '../../hooks/use-leads.js';
import { useT } from '../../i18n/index.js';
import { useVocabulary } from '../../i18n/vocabulary.js';
import { FIELD_LABEL } from './labels.js';

export interface RuleWords {
  /** "Employees", "Touchpoint type", "Custom attribute tech_stack". */
  field(field: string): string;
  /** One value as a person reads it (an offer's name rather than its id). */
  value(v: unknown, field?: string): string;
  /** The condition in plain words: "Industry is Software, Healthcare, or Manufacturing". */
  condition(r: Pick<Rule, 'field' | 'operator' | 'value'>): string;
  /** Signed points: "+6", "−10". */
  points(n: number): string;
  /** A number of days, or "—" when the rule has none. */
  days(n: number | null): string;
}

/**
 * The criteria vocabulary in the user's language: the renderer's counterpart of describeCondition in
 * shared/domain/version-export.ts (which writes the English Markdown export).
 */
export function useRuleWords(): RuleWords {
  const t = useT();
  const intl = useIntl();
  const facets = useFacets();
  const word = useVocabulary();
  return useMemo(() => {
    const names = new Map<string, string>();
    for (const o of facets.data?.offers ?? []) names.set(`offer.id:${o.value}`, o.label);
    for (const c of facets.data?.campaigns ?? []) names.set(`campaign.id:${c.value}`, c.label);

    const field = (f: string) => {
      if (f.startsWith('attributes.')) return t('criteria.field.attribute', { key: f.slice('attributes.'.length) });
      const id = FIELD_LABEL[f];
      return id ? t(id) : f;
    };
    const value = (v: unknown, f?: string): string => {
      if (typeof v === 'number') return intl.formatNumber(v);
      if (typeof v === 'boolean') return t(v ? 'common.yes' : 'common.no');
      if (v === null || v === undefined) return '–';
      const s = String(v);
      return f ? (names.get(`${f}:${s}`) ?? word(f, s)) : s;
    };
    const list = (v: unknown, f: string, type: 'disjunction' | 'unit') =>
      intl.formatList(
        (Array.isArray(v) ? v : [v]).map((x) => value(x, f)),
        { type },
      ) as string;

    const condition: RuleWords['condition'] = (r) => {
      const base = { field: field(r.field) };
      switch (r.operator) {
        case 'equals':
          return t('criteria.cond.equals', { ...base, value: value(r.value, r.field) });
        case 'in':
          return t('criteria.cond.in', { ...base, values: list(r.value, r.field, 'disjunction') });
        case 'not_in':
          return t('criteria.cond.notIn', { ...base, values: list(r.value, r.field, 'unit') });
        case 'contains':
          return t('criteria.cond.contains', { ...base, value: value(r.value) });
        case 'starts_with':
          return t('criteria.cond.startsWith', { ...base, value: value(r.value) });
        case 'range': {
          const { min, max } = (r.value ?? {}) as { min?: number; max?: number };
          if (min !== undefined && max !== undefined)
            return t('criteria.cond.rangeBoth', { ...base, min: value(min), max: value(max) });
          if (min !== undefined) return t('criteria.cond.rangeMin', { ...base, min: value(min) });
          return t('criteria.cond.rangeMax', { ...base, max: value(max) });
        }
        case 'exists':
          return t('criteria.cond.exists', base);
        case 'missing':
          return t('criteria.cond.missing', base);
      }
    };
    const points = (n: number) => intl.formatNumber(n, { signDisplay: 'exceptZero', maximumFractionDigits: 2 });
    const days = (n: number | null) =>
      n === null ? '–' : t('criteria.days', { count: n, days: intl.formatNumber(n) });
    return { field, value, condition, points, days };
  }, [t, intl, facets.data, word]);
}
