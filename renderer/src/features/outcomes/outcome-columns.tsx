import { createColumnHelper } from '@tanstack/react-table';
import { useMemo } from 'react';
import { useIntl } from 'react-intl';
import type { OutcomeRow } from '../../../../shared/contracts/outcomes.js';
import type { DataColumn, DataTableFeatures } from '../../components/DataTable.js';
import { useT } from '../../i18n/index.js';
import { useReasonLabel } from '../../i18n/reason-labels.js';

const helper = createColumnHelper<DataTableFeatures, OutcomeRow>();

function Clip({ text }: { text: string | null }) {
  if (text === null || text === '') return <span className="muted">–</span>;
  return (
    <span className="clip" title={text} dir="auto">
      {text}
    </span>
  );
}

/** Sortable columns' ids are the server's sort keys (OUTCOME_SORT_COLUMNS); the rest sort nothing. */
export function useOutcomeColumns(): DataColumn<OutcomeRow>[] {
  const t = useT();
  const intl = useIntl();
  const reasonLabel = useReasonLabel();
  return useMemo(() => {
    const day = (v: number | null) =>
      v === null ? <span className="muted">–</span> : <time className="num" dateTime={new Date(v).toISOString()}>{intl.formatDate(v, { year: 'numeric', month: 'short', day: 'numeric', timeZone: 'UTC' })}</time>;
    return helper.columns([
      helper.accessor('leadName', { id: 'lead', header: t('outcomes.col.lead'), size: 150, enableSorting: false, cell: (c) => <Clip text={c.getValue()} /> }),
      helper.accessor('company', { id: 'company', header: t('outcomes.col.company'), size: 130, enableSorting: false, cell: (c) => <Clip text={c.getValue()} /> }),
      helper.accessor('result', {
        id: 'result',
        header: t('outcomes.col.result'),
        size: 84,
        enableSorting: false,
        cell: (c) => <span className={`badge outcome-${c.getValue()}`}>{t(`outcomes.result.${c.getValue()}`)}</span>,
      }),
      helper.accessor('amount', {
        id: 'amount',
        header: t('outcomes.col.amount'),
        size: 110,
        sortDescFirst: true,
        meta: { align: 'end' },
        cell: (c) => {
          const v = c.getValue();
          return v === null ? <span className="muted">–</span> : <span className="num">{intl.formatNumber(v, { style: 'currency', currency: c.row.original.currency, maximumFractionDigits: 0 })}</span>;
        },
      }),
      // One sortable date: the close date, else (a deal still open) the open date, else the day it was
      // recorded; the cell says which, so an open deal's date does not read as a close date.
      helper.accessor((r) => r.closedAt ?? r.openedAt ?? r.createdAt, {
        id: 'date',
        header: t('outcomes.col.date'),
        size: 150,
        sortDescFirst: true,
        meta: { align: 'end' },
        cell: (c) => {
          const r = c.row.original;
          const basis = r.closedAt !== null ? 'closed' : r.openedAt !== null ? 'opened' : 'recorded';
          return (
            <span className="outcome-date" data-basis={basis} title={t(`outcomes.date.${basis}`)}>
              {day(c.getValue())}
              {basis === 'closed' ? null : <span className="muted"> · {t(`outcomes.date.${basis}Short`)}</span>}
            </span>
          );
        },
      }),
      helper.accessor('lossReasonLabel', { id: 'lossReason', header: t('outcomes.col.lossReason'), size: 140, enableSorting: false, cell: (c) => { const label = c.getValue(); return <Clip text={label === null ? null : reasonLabel('loss', label)} />; } }),
      helper.accessor('competitor', { id: 'competitor', header: t('outcomes.col.competitor'), size: 110, enableSorting: false, cell: (c) => <Clip text={c.getValue()} /> }),
      helper.accessor('campaignName', { id: 'campaign', header: t('outcomes.col.campaign'), size: 130, enableSorting: false, cell: (c) => <Clip text={c.getValue()} /> }),
      helper.accessor('externalId', { id: 'externalId', header: t('outcomes.col.externalId'), size: 100, enableSorting: false, cell: (c) => <Clip text={c.getValue()} /> }),
    ]);
  }, [t, intl, reasonLabel]);
}
