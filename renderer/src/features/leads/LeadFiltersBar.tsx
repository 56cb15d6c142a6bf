import { useId } from 'react';
import { STAGES, type Stage } from '../../../../shared/contracts/common.js';
import { MultiSelect } from '../../components/MultiSelect.js';
import { useFacets } from '../../hooks/use-leads.js';
import { useRegionName, useT } from '../../i18n/index.js';
import { EMPTY_FILTERS, hasAnyFilter, type FilterDraft } from './filters.js';

interface Props {
  value: FilterDraft;
  onChange: (next: FilterDraft) => void;
}

/** Every filter is applied by the server (SQL); the text search waits for the user to stop typing. */
export function LeadFiltersBar({ value, onChange }: Props) {
  const t = useT();
  const facets = useFacets();
  const region = useRegionName();
  const ids = {
    q: useId(),
    offer: useId(),
    campaign: useId(),
    country: useId(),
    owner: useId(),
    from: useId(),
    to: useId(),
  };
  const set = <K extends keyof FilterDraft>(key: K, v: FilterDraft[K]) => onChange({ ...value, [key]: v });
  const f = facets.data;
  const stageOptions = STAGES.map((s) => ({ value: s, label: t(`stage.${s}`) }));

  return (
    <search className="filters" aria-label={t('leads.filters.label')}>
      <div className="filter filter-search">
        <label htmlFor={ids.q} className="visually-hidden">
          {t('leads.filters.search')}
        </label>
        <span className="search-icon" aria-hidden="true" />
        <input
          id={ids.q}
          type="search"
          className="input"
          placeholder={t('leads.filters.searchPlaceholder')}
          value={value.q}
          maxLength={200}
          data-testid="filter-search"
          onChange={(e) => set('q', e.target.value)}
        />
      </div>

      <div className="filter">
        <span className="filter-label" aria-hidden="true">
          {t('leads.filters.stage')}
        </span>
        <MultiSelect<Stage>
          label={t('leads.filters.stage')}
          anyLabel={t('leads.filters.any')}
          manyLabel={(count) => t('leads.filters.nSelected', { count })}
          options={stageOptions}
          value={value.stages}
          onChange={(next) => set('stages', next)}
          testId="filter-stage"
        />
      </div>

      <FacetSelect
        id={ids.country}
        label={t('leads.filters.country')}
        value={value.country}
        onChange={(v) => set('country', v)}
        options={(f?.countries ?? []).map((c) => {
          const name = region(c);
          return { value: c, label: name ? t('leads.filters.countryOption', { code: c, name }) : c };
        })}
        testId="filter-country"
      />
      <FacetSelect
        id={ids.offer}
        label={t('leads.filters.offer')}
        value={value.offerId}
        onChange={(v) => set('offerId', v)}
        options={f?.offers ?? []}
        testId="filter-offer"
      />
      <FacetSelect
        id={ids.campaign}
        label={t('leads.filters.campaign')}
        value={value.campaignId}
        onChange={(v) => set('campaignId', v)}
        options={f?.campaigns ?? []}
        testId="filter-campaign"
      />
      <FacetSelect
        id={ids.owner}
        label={t('leads.filters.owner')}
        value={value.ownerId}
        onChange={(v) => set('ownerId', v)}
        options={f?.owners ?? []}
        testId="filter-owner"
      />

      <div className="filter filter-dates">
        <label htmlFor={ids.from} className="filter-label">
          {t('leads.filters.createdFrom')}
        </label>
        <input
          id={ids.from}
          type="date"
          className="input input-date"
          value={value.createdFrom}
          max={value.createdTo || undefined}
          data-testid="filter-created-from"
          onChange={(e) => set('createdFrom', e.target.value)}
        />
        <label htmlFor={ids.to} className="filter-label">
          {t('leads.filters.createdTo')}
        </label>
        <input
          id={ids.to}
          type="date"
          className="input input-date"
          value={value.createdTo}
          min={value.createdFrom || undefined}
          data-testid="filter-created-to"
          onChange={(e) => set('createdTo', e.target.value)}
        />
      </div>

      {hasAnyFilter(value) ? (
        <button
          type="button"
          className="btn btn-ghost"
          data-testid="filter-clear"
          onClick={() => onChange(EMPTY_FILTERS)}
        >
          {t('leads.filters.clear')}
        </button>
      ) : null}
    </search>
  );
}

function FacetSelect(props: {
  id: string;
  label: string;
  value: string;
  onChange: (v: string) => void;
  options: readonly { value: string; label: string }[];
  testId: string;
}) {
  const t = useT();
  return (
    <div className="filter">
      <label htmlFor={props.id} className="filter-label">
        {props.label}
      </label>
      <select
        id={props.id}
        className={`select${props.value ? ' has-value' : ''}`}
        value={props.value}
        data-testid={props.testId}
        onChange={(e) => props.onChange(e.target.value)}
      >
        <option value="">{t('leads.filters.any')}</option>
        {props.options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  );
}
