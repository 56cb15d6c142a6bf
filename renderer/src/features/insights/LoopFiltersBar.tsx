import { useId, useMemo } from 'react';
import { useVersions } from '../../hooks/use-criteria.js';
import { usePareto } from '../../hooks/use-handoffs.js';
import { useFacets } from '../../hooks/use-leads.js';
import { useUsers } from '../../hooks/use-users.js';
import { useT } from '../../i18n/index.js';
import { useVocabulary } from '../../i18n/vocabulary.js';
import { EMPTY_LOOP_FILTERS, hasLoopFilter, type LoopFilterDraft } from './loop-filters.js';
import { FilterSelect } from '../../components/FilterSelect.js';

interface Props {
  value: LoopFilterDraft;
  onChange: (next: LoopFilterDraft) => void;
}

const NO_FILTERS = {};

/** Date range, criteria version, campaign, offer, channel and rep: what every loop report filters by. */
export function LoopFiltersBar({ value, onChange }: Props) {
  const t = useT();
  const word = useVocabulary();
  const ids = {
    from: useId(),
    to: useId(),
    version: useId(),
    campaign: useId(),
    offer: useId(),
    channel: useId(),
    rep: useId(),
  };
  const versions = useVersions();
  const facets = useFacets();
  const users = useUsers();
  // The channels that rejections actually came through: the keys of an unfiltered split by channel.
  const byChannel = usePareto(NO_FILTERS, 'channel');
  const channels = useMemo(() => {
    const keys = new Map<string, string>();
    // The server labels a split with the stored code ("paid_search"); the UI says it in its own words, as the reports' filter does.
    for (const bar of byChannel.data?.bars ?? []) for (const s of bar.splits) if (s.key) keys.set(s.key, word('channel', s.key));
    return [...keys.entries()].sort((a, b) => a[1].localeCompare(b[1]));
  }, [byChannel.data, word]);
  const reps = (users.data ?? []).filter((u) => u.team === 'sales');
  const set = <K extends keyof LoopFilterDraft>(k: K, v: LoopFilterDraft[K]) => onChange({ ...value, [k]: v });

  return (
    <div className="filters" data-testid="loop-filters">
      <label className="filter" htmlFor={ids.from}>
        <span className="filter-label">{t('loop.filter.from')}</span>
        <input
          id={ids.from}
          type="date"
          className="input input-date"
          value={value.from}
          onChange={(e) => set('from', e.target.value)}
          data-testid="loop-filter-from"
        />
      </label>
      <label className="filter" htmlFor={ids.to}>
        <span className="filter-label">{t('loop.filter.to')}</span>
        <input
          id={ids.to}
          type="date"
          className="input input-date"
          value={value.to}
          onChange={(e) => set('to', e.target.value)}
          data-testid="loop-filter-to"
        />
      </label>
      <FilterSelect
        id={ids.version}
        label={t('loop.filter.version')}
        value={value.versionId}
        onChange={(v) => set('versionId', v)}
        options={(versions.data ?? []).map(
          (v) => [v.id, t('loop.filter.versionOption', { number: v.number, name: v.name })] as const,
        )}
        anyLabel={t('loop.filter.any')}
        testId="loop-filter-version"
      />
      <FilterSelect
        id={ids.campaign}
        label={t('loop.filter.campaign')}
        value={value.campaignId}
        onChange={(v) => set('campaignId', v)}
        options={(facets.data?.campaigns ?? []).map((c) => [c.value, c.label] as const)}
        anyLabel={t('loop.filter.any')}
        testId="loop-filter-campaign"
      />
      <FilterSelect
        id={ids.offer}
        label={t('loop.filter.offer')}
        value={value.offerId}
        onChange={(v) => set('offerId', v)}
        options={(facets.data?.offers ?? []).map((o) => [o.value, o.label] as const)}
        anyLabel={t('loop.filter.any')}
        testId="loop-filter-offer"
      />
      <FilterSelect
        id={ids.channel}
        label={t('loop.filter.channel')}
        value={value.channel}
        onChange={(v) => set('channel', v)}
        options={channels}
        anyLabel={t('loop.filter.any')}
        testId="loop-filter-channel"
      />
      <FilterSelect
        id={ids.rep}
        label={t('loop.filter.rep')}
        value={value.repId}
        onChange={(v) => set('repId', v)}
        options={reps.map((u) => [u.id, u.name] as const)}
        anyLabel={t('loop.filter.any')}
        testId="loop-filter-rep"
      />
      {hasLoopFilter(value) ? (
        <button
          type="button"
          className="btn btn-ghost btn-small filter-clear"
          onClick={() => onChange(EMPTY_LOOP_FILTERS)}
          data-testid="loop-filter-clear"
        >
          {t('loop.filter.clear')}
        </button>
      ) : null}
    </div>
  );
}
