import { useMemo, useState } from 'react';
import { useT } from '../../i18n/index.js';
import { LoopFiltersBar } from './LoopFiltersBar.js';
import { EMPTY_LOOP_FILTERS, toLoopFilters, type LoopFilterDraft } from './loop-filters.js';
import { ParetoSection } from './ParetoSection.js';
import { TrendSection } from './TrendSection.js';

/** Marketing's view of the SAL loop: why sales rejects what marketing hands over, and whether it improves. */
export function LoopPage() {
  const t = useT();
  const [draft, setDraft] = useState<LoopFilterDraft>(EMPTY_LOOP_FILTERS);
  const filters = useMemo(() => toLoopFilters(draft), [draft]);
  return (
    <div className="loop-page" data-testid="loop-page">
      <div className="view-header">
        <h2 className="view-title">{t('loop.title')}</h2>
      </div>
      <p className="view-intro muted">{t('loop.intro')}</p>
      <LoopFiltersBar value={draft} onChange={setDraft} />
      <ParetoSection filters={filters} />
      <TrendSection filters={filters} />
    </div>
  );
}
