import { useId, useMemo } from 'react';
import { useVersions } from '../../hooks/use-criteria.js';
import { usePareto } from '../../hooks/use-handoffs.js';
import { useFacets } from '../../hooks/use-leads.js';
import { useUsers } from '../../hooks/use-users.js';
import { useT } from '../../i18n/index.js';
import { EMPTY_LOOP_FILTERS, hasLoopFilter, type LoopFilterDraft } from './loop-filters.js';

interface Props {
  value: LoopFilterDraft;
  onChange: (next: LoopFilterDraft) => void;
}

const NO_FILTERS = {};

/** Date range, criteria version, campaign, offer, channel and rep: what every loop report filters by. */
export function LoopFiltersBar({ value, onChange }: Props) {
  const t = useT();
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
    for (const bar of byChannel.data?.bars ?? []) for (const s of bar.splits) if (s.key) keys.set(s.key, s.label);
    return [...keys.entries()].sort((a, b) => a[1].localeCompare(b[1]));
  }, [byChannel.data]);
  const reps = (users.data ?? []).filter((u) => u.team === 'sales');
  const set = <K extends keyof LoopFilterDraft>(k: K, v: LoopFilterDraft[K]) => onChange({ ...value, [k]: v });
  const cls = (v: string) => `select${v ? ' has-value' : ''}`;

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
      <label className="filter" htmlFor={ids.version}>
        <span className="filter-label">{t('loop.filter.version')}</span>
        <select
          id={ids.version}
          className={cls(value.versionId)}
          value={value.versionId}
          onChange={(e) => set('versionId', e.target.value)}
          data-testid="loop-filter-version"
        >
          <option value="">{t('loop.filter.any')}</option>
          {(versions.data ?? []).map((v) => (
            <option key={v.id} value={v.id}>
              {t('loop.filter.versionOption', { number: v.number, name: v.name })}
            </option>
          ))}
        </select>
      </label>
      <label className="filter" htmlFor={ids.campaign}>
        <span className="filter-label">{t('loop.filter.campaign')}</span>
        <select
          id={ids.campaign}
          className={cls(value.campaignId)}
          value={value.campaignId}
          onChange={(e) => set('campaignId', e.target.value)}
          data-testid="loop-filter-campaign"
        >
          <option value="">{t('loop.filter.any')}</option>
          {(facets.data?.campaigns ?? []).map((c) => (
            <option key={c.value} value={c.value}>
              {c.label}
            </option>
          ))}
        </select>
      </label>
      <label className="filter" htmlFor={ids.offer}>
        <span className="filter-label">{t('loop.filter.offer')}</span>
        <select
          id={ids.offer}
          className={cls(value.offerId)}
          value={value.offerId}
          onChange={(e) => set('offerId', e.target.value)}
          data-testid="loop-filter-offer"
        >
          <option value="">{t('loop.filter.any')}</option>
          {(facets.data?.offers ?? []).map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </select>
      </label>
      <label className="filter" htmlFor={ids.channel}>
        <span className="filter-label">{t('loop.filter.channel')}</span>
        <select
          id={ids.channel}
          className={cls(value.channel)}
          value={value.channel}
          onChange={(e) => set('channel', e.target.value)}
          data-testid="loop-filter-channel"
        >
          <option value="">{t('loop.filter.any')}</option>
          {channels.map(([key, label]) => (
            <option key={key} value={key}>
              {label}
            </option>
          ))}
        </select>
      </label>
      <label className="filter" htmlFor={ids.rep}>
        <span className="filter-label">{t('loop.filter.rep')}</span>
        <select
          id={ids.rep}
          className={cls(value.repId)}
          value={value.repId}
          onChange={(e) => set('repId', e.target.value)}
          data-testid="loop-filter-rep"
        >
          <option value="">{t('loop.filter.any')}</option>
          {reps.map((u) => (
            <option key={u.id} value={u.id}>
              {u.name}
            </option>
          ))}
        </select>
      </label>
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
