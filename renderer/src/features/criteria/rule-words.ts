import { useMemo } from 'react';
import { useIntl } from 'react-intl';
import { ruleWords, type RuleWords } from '../../../../shared/i18n/rule-words.js';
import { useFacets } from '../../hooks/use-leads.js';
import { useT } from '../../i18n/index.js';
import { useVocabulary } from '../../i18n/vocabulary.js';

export type { RuleWords };

/**
 * The criteria vocabulary in the user's language: shared/i18n/rule-words.ts with the UI's catalogue,
 * locale and the workspace's offer and campaign names (the review pack words rules the same way).
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
    return ruleWords({
      t,
      number: (n, opts) => intl.formatNumber(n, opts),
      list: (items, type) => intl.formatList(items, { type }) as string,
      word,
      name: (field, value) => names.get(`${field}:${value}`),
    });
  }, [t, intl, facets.data, word]);
}
