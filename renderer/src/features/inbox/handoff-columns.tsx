import { createColumnHelper } from '@tanstack/react-table';
import { useMemo } from 'react';
import { useIntl } from 'react-intl';
import type { HandoffRow } from '../../../../shared/contracts/handoffs.js';
import type { DataColumn, DataTableFeatures } from '../../components/DataTable.js';
import { useT } from '../../i18n/index.js';
import { useReasonLabel } from '../../i18n/reason-labels.js';

const helper = createColumnHelper<DataTableFeatures, HandoffRow>();

function Clip({ text, strong = false }: { text: string | null; strong?: boolean }) {
  if (text === null || text === '') return <span className="muted">–</span>;
  return (
    <span className={`clip${strong ? ' strong' : ''}`} title={text} dir="auto">
      {text}
    </span>
  );
}

export const DECISION_LABEL: Record<HandoffRow['decision'], string> = {
  pending: 'handoffs.decision.pending',
  accepted: 'handoffs.decision.accepted',
  rejected: 'handoffs.decision.rejected',
};

/** The handoffs table of the manager view and the drill-down; sortable ids are HANDOFF_SORT_COLUMNS. */
export function useHandoffColumns(): DataColumn<HandoffRow>[] {
  const t = useT();
  const intl = useIntl();
  const reasonLabel = useReasonLabel();
  return useMemo(() => {
    const when = (ms: number | null) =>
      ms === null ? (
        <span className="muted">–</span>
      ) : (
        <time className="num" dateTime={new Date(ms).toISOString()}>
          {intl.formatDate(ms, { month: 'short', day: 'numeric', hour: 'numeric', minute: '2-digit' })}
        </time>
      );
    return helper.columns([
      helper.accessor('leadName', {
        id: 'leadName',
        header: t('handoffs.col.lead'),
        size: 140,
        cell: (c) => <Clip text={c.getValue()} strong />,
      }),
      helper.accessor('company', {
        id: 'company',
        header: t('handoffs.col.company'),
        size: 116,
        enableSorting: false,
        cell: (c) => <Clip text={c.getValue()} />,
      }),
      helper.accessor('repName', {
        id: 'rep',
        header: t('handoffs.col.rep'),
        size: 110,
        enableSorting: false,
        cell: (c) => <Clip text={c.getValue() ?? t('handoffs.unassigned')} />,
      }),
      helper.accessor('scoreAtHandoff', {
        id: 'score',
        header: t('handoffs.col.score'),
        size: 96,
        sortDescFirst: true,
        meta: { align: 'end' },
        cell: (c) => (
          <span className="score">
            {c.row.original.level ? <span className="level">{c.row.original.level}</span> : null}
            <span className="num">{intl.formatNumber(c.getValue(), { maximumFractionDigits: 1 })}</span>
          </span>
        ),
      }),
      helper.accessor('handedAt', {
        id: 'handedAt',
        header: t('handoffs.col.handed'),
        size: 112,
        sortDescFirst: true,
        meta: { align: 'end' },
        cell: (c) => when(c.getValue()),
      }),
      helper.accessor('slaDueAt', {
        id: 'slaDueAt',
        header: t('handoffs.col.due'),
        size: 112,
        meta: { align: 'end' },
        cell: (c) => when(c.getValue()),
      }),
      helper.accessor('decision', {
        id: 'decision',
        header: t('handoffs.col.status'),
        size: 180,
        enableSorting: false,
        cell: (c) => (
          <span className="status-cell">
            <span className="badge decision-badge" data-decision={c.row.original.decision}>
              {t(DECISION_LABEL[c.row.original.decision])}
            </span>
            {c.row.original.breached ? (
              <span className="breach-flag" data-testid="breach-flag">
                <span className="sla-icon" aria-hidden="true">
                  !
                </span>
                {t('handoffs.breached')}
              </span>
            ) : null}
          </span>
        ),
      }),
      helper.accessor('reasonLabel', {
        id: 'reason',
        header: t('handoffs.col.reason'),
        size: 150,
        enableSorting: false,
        cell: (c) => {
          const label = c.getValue();
          return <Clip text={label === null ? null : reasonLabel('rejection', label)} />;
        },
      }),
      helper.accessor('decidedAt', {
        id: 'decidedAt',
        header: t('handoffs.col.decided'),
        size: 112,
        sortDescFirst: true,
        meta: { align: 'end' },
        cell: (c) => when(c.getValue()),
      }),
    ]);
  }, [t, intl, reasonLabel]);
}
