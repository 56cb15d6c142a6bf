import { createColumnHelper } from '@tanstack/react-table';
import { useMemo } from 'react';
import { useIntl } from 'react-intl';
import type { LeadRow } from '../../../../shared/contracts/leads.js';
import type { DataColumn, DataTableFeatures } from '../../components/DataTable.js';
import { useRegionName, useT } from '../../i18n/index.js';
import { StageBadge } from './StageBadge.js';

const helper = createColumnHelper<DataTableFeatures, LeadRow>();

/*
 * The sortable columns' ids are the server's sort keys (LEAD_SORT_COLUMNS); the others sort nothing,
 * since sorting a few loaded pages in the browser would show an order the database does not have.
 */

/** Text that may not fit: cut with an ellipsis, the full text on hover; dir=auto for user data in any script. */
function Clip({ text, strong = false }: { text: string | null; strong?: boolean }) {
  if (text === null || text === '') return <span className="muted">–</span>;
  return (
    <span className={`clip${strong ? ' strong' : ''}`} title={text} dir="auto">
      {text}
    </span>
  );
}

export function useLeadColumns(): DataColumn<LeadRow>[] {
  const t = useT();
  const intl = useIntl();
  const region = useRegionName();
  return useMemo(
    () =>
      helper.columns([
        helper.accessor('name', {
          id: 'name',
          header: t('leads.col.name'),
          size: 140,
          // A lead imported without a name (many CRM exports have none) is told apart by its email, else its CRM id.
          cell: (c) => {
            const r = c.row.original;
            return r.name ? <Clip text={r.name} strong /> : <Clip text={r.email || r.externalId} />;
          },
        }),
        helper.accessor('company', {
          id: 'company',
          header: t('leads.col.company'),
          size: 128,
          meta: { shrinkTo: 96 },
          cell: (c) => <Clip text={c.getValue()} />,
        }),
        helper.accessor('country', {
          id: 'country',
          header: t('leads.col.country'),
          size: 76,
          // The code, as the server sorts by it; the country's name on hover.
          cell: (c) => {
            const code = c.getValue();
            return (
              <span className="clip" title={region(code) ?? code}>
                {code || '–'}
              </span>
            );
          },
        }),
        helper.accessor('industry', {
          id: 'industry',
          header: t('leads.col.industry'),
          size: 104,
          meta: { shrinkTo: 84 },
          enableSorting: false,
          cell: (c) => <Clip text={c.getValue()} />,
        }),
        helper.accessor('employees', {
          id: 'employees',
          header: t('leads.col.employees'),
          // Wide enough for the longest translation of the header with its sort icon (Czech "Zaměstnanci").
          size: 112,
          sortDescFirst: true,
          meta: { align: 'end' },
          cell: (c) => {
            const v = c.getValue();
            return v === null ? <span className="muted">–</span> : <span className="num">{intl.formatNumber(v)}</span>;
          },
        }),
        helper.accessor('jobTitle', {
          id: 'jobTitle',
          header: t('leads.col.jobTitle'),
          size: 124,
          meta: { shrinkTo: 96 },
          enableSorting: false,
          cell: (c) => <Clip text={c.getValue()} />,
        }),
        helper.accessor('stage', {
          id: 'stage',
          header: t('leads.col.stage'),
          size: 100,
          cell: (c) => <StageBadge stage={c.getValue()} />,
        }),
        helper.accessor('scoreTotal', {
          id: 'score',
          header: t('leads.col.score'),
          size: 100,
          sortDescFirst: true,
          meta: { align: 'end' },
          cell: (c) => {
            const level = c.row.original.scoreLevel;
            return (
              <span className="score">
                {level ? <span className="level">{level}</span> : null}
                <span className="num">
                  {/* Truncated, not rounded: 39.97 must not read "40.0" beside a threshold of 40 it misses. */}
                  {intl.formatNumber(c.getValue(), { minimumFractionDigits: 1, maximumFractionDigits: 1, roundingMode: 'trunc' })}
                </span>
              </span>
            );
          },
        }),
        helper.accessor('ownerName', {
          id: 'owner',
          header: t('leads.col.owner'),
          size: 108,
          meta: { shrinkTo: 96 },
          enableSorting: false,
          cell: (c) => <Clip text={c.getValue()} />,
        }),
        helper.accessor('firstOfferName', {
          id: 'firstOffer',
          header: t('leads.col.firstOffer'),
          size: 120,
          meta: { shrinkTo: 96 },
          enableSorting: false,
          cell: (c) => <Clip text={c.getValue()} />,
        }),
        helper.accessor('createdAt', {
          id: 'createdAt',
          header: t('leads.col.created'),
          size: 104,
          sortDescFirst: true,
          meta: { align: 'end' },
          cell: (c) => (
            <time className="num" dateTime={new Date(c.getValue()).toISOString()}>
              {intl.formatDate(c.getValue(), { year: 'numeric', month: 'short', day: 'numeric' })}
            </time>
          ),
        }),
      ]),
    [t, intl, region],
  );
}
