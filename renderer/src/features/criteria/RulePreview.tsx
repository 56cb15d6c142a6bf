import { useMemo } from 'react';
import { useIntl } from 'react-intl';
import { useErrorText } from '../../components/States.js';
import { useDebouncedValue } from '../../hooks/use-debounced-value.js';
import { useRulePreview, type RuleDraft } from '../../hooks/use-criteria.js';
import { useT } from '../../i18n/index.js';

/**
 * "Matches 1,234 of 20,000 leads (6.2%), avg +8 points", counted in SQL by criteria:preview once the
 * rule has been valid for a moment (typing does not send a request per key).
 */
export function RulePreview({ draft }: { draft: RuleDraft | null }) {
  const t = useT();
  const intl = useIntl();
  const errorText = useErrorText();
  const settledKey = useDebouncedValue(draft ? JSON.stringify(draft) : null, 300);
  const settled = useMemo(() => (settledKey ? (JSON.parse(settledKey) as RuleDraft) : null), [settledKey]);
  const preview = useRulePreview(draft && settled ? settled : null);

  let text: string;
  let state = 'ready';
  if (draft?.kind === 'sql') {
    text = t('criteria.preview.sql');
    state = 'sql';
  } else if (!draft) {
    text = t('criteria.preview.invalid');
    state = 'invalid';
  } else if (preview.isError) {
    text = errorText(preview.error);
    state = 'error';
  } else if (!preview.data || settledKey !== JSON.stringify(draft) || preview.isPlaceholderData) {
    text = t('criteria.preview.counting');
    state = 'loading';
  } else {
    const { matches, total, avgPoints } = preview.data;
    const values = {
      matches: intl.formatNumber(matches),
      total: intl.formatNumber(total),
      count: total,
      percent: intl.formatNumber(total ? matches / total : 0, { style: 'percent', maximumFractionDigits: 1 }),
      points: intl.formatNumber(avgPoints, { signDisplay: 'exceptZero', maximumFractionDigits: 1 }),
    };
    text =
      draft.kind === 'disqualifier'
        ? t('criteria.preview.disqualifier', values)
        : draft.kind === 'engagement'
          ? t('criteria.preview.engagement', values)
          : t('criteria.preview.fit', values);
  }
  return (
    <p
      className={`rule-preview is-${state}`}
      role="status"
      aria-live="polite"
      data-testid="rule-preview"
      data-state={state}
    >
      <span className="rule-preview-label">{t('criteria.preview.label')}</span> {text}
    </p>
  );
}
