import { useId, useMemo, type ReactNode } from 'react';
import type { ReportName } from '../../../../shared/contracts/reports.js';
import { FilterSelect } from '../../components/FilterSelect.js';
import { useVersions } from '../../hooks/use-criteria.js';
import { useFacets } from '../../hooks/use-leads.js';
import { useOffersReport } from '../../hooks/use-reports.js';
import { useUsers } from '../../hooks/use-users.js';
import { useT } from '../../i18n/index.js';
import { useVocabulary } from '../../i18n/vocabulary.js';
import { FILTER_KEYS, hasFilter, type ReportParams } from './report-params.js';

interface Props {
  value: ReportParams;
  onChange: (next: ReportParams) => void;
  /** The report whose date basis (what its range filters on, reportBasis.<name>) the label says. */
  report: ReportName;
  /** The report's own options (attribution, split, field), after the shared filters. */
  children?: ReactNode;
}

const NO_FILTERS = {};

/** Date range, criteria version, campaign, channel and rep: the filters every win/loss report takes. */
export function ReportFiltersBar({ value, onChange, report, children }: Props) {
  const t = useT();
  const word = useVocabulary();
  const dateBasis = t(`reportBasis.${report}`);
  const base = useId();
  const id = (k: string) => `${base}-${k}`;
  const versions = useVersions();
  const facets = useFacets();
  const users = useUsers();
  // The channels the workspace's offers sit in: the rows of the unfiltered report grouped by channel.
  const offers = useOffersReport(NO_FILTERS, 'first');
  const channels = useMemo(
    () =>
      (offers.data?.rows ?? [])
        .filter((r) => r.group === 'channel' && r.key !== null)
        .map((r) => [r.key!, word('channel', r.key!)] as const)
        .sort((a, b) => a[1].localeCompare(b[1])),
    [offers.data, word],
  );
  const reps = (users.data ?? []).filter((u) => u.team === 'sales');
  const set = (k: string, v: string) => onChange({ ...value, [k]: v });
  const select = (k: string, label: string, options: readonly (readonly [string, string])[]) => (
    <FilterSelect
      id={id(k)}
      label={label}
      value={value[k] ?? ''}
      onChange={(v) => set(k, v)}
      options={options}
      anyLabel={t('loop.filter.any')}
      testId={`report-filter-${k}`}
    />
  );

  return (
    <div className="filters report-filters" data-testid="report-filters">
      <label className="filter" htmlFor={id('from')}>
        <span className="filter-label">{t('report.filter.from', { basis: dateBasis })}</span>
        <input
          id={id('from')}
          type="date"
          className="input input-date"
          value={value.from ?? ''}
          onChange={(e) => set('from', e.target.value)}
          data-testid="report-filter-from"
        />
      </label>
      <label className="filter" htmlFor={id('to')}>
        <span className="filter-label">{t('loop.filter.to')}</span>
        <input
          id={id('to')}
          type="date"
          className="input input-date"
          value={value.to ?? ''}
          onChange={(e) => set('to', e.target.value)}
          data-testid="report-filter-to"
        />
      </label>
      {select(
        'version',
        t('loop.filter.version'),
        (versions.data ?? []).map((v) => [
          String(v.number),
          t('loop.filter.versionOption', { number: v.number, name: v.name }),
        ]),
      )}
      {select(
        'campaign',
        t('loop.filter.campaign'),
        (facets.data?.campaigns ?? []).map((c) => [c.value, c.label]),
      )}
      {select('channel', t('loop.filter.channel'), channels)}
      {select(
        'rep',
        t('loop.filter.rep'),
        reps.map((u) => [u.id, u.name]),
      )}
      {children}
      {hasFilter(value) ? (
        <button
          type="button"
          className="btn btn-ghost btn-small filter-clear"
          onClick={() => {
            const kept = { ...value };
            for (const k of FILTER_KEYS) delete kept[k];
            onChange(kept);
          }}
          data-testid="report-filter-clear"
        >
          {t('loop.filter.clear')}
        </button>
      ) : null}
    </div>
  );
}

/** A report option as a labelled select inside the filter bar (attribution, split, field). */
export function OptionSelect({
  param,
  label,
  value,
  options,
  onChange,
}: {
  param: string;
  label: string;
  value: string;
  options: readonly (readonly [string, string])[];
  onChange: (v: string) => void;
}) {
  const id = useId();
  return (
    <label className="filter" htmlFor={id}>
      <span className="filter-label">{label}</span>
      <select
        id={id}
        className="select has-value"
        value={value}
        onChange={(e) => onChange(e.target.value)}
        data-testid={`report-option-${param}`}
      >
        {options.map(([v, l]) => (
          <option key={v} value={v}>
            {l}
          </option>
        ))}
      </select>
    </label>
  );
}
