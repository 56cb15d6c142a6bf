import { useIntl } from 'react-intl';
import type { LoopFilters } from '../../../../shared/contracts/handoffs.js';
import { EmptyState, ErrorState, LoadingState } from '../../components/States.js';
import { useDrill, type SplitBy } from '../../hooks/use-handoffs.js';
import { useT } from '../../i18n/index.js';

export interface DrillTarget {
  reasonId: string;
  label: string;
  splitBy: SplitBy;
  splitKey: string | null;
  splitLabel: string | null;
}

const DRILL_LIMIT = 200;

/** The leads behind one bar, with what the reps wrote: the evidence for the next criteria review. */
export function DrillPanel({
  filters,
  target,
  onClose,
}: {
  filters: LoopFilters;
  target: DrillTarget;
  onClose: () => void;
}) {
  const t = useT();
  const intl = useIntl();
  const drill = useDrill(filters, target.reasonId, target.splitBy, target.splitKey);
  const rows = drill.data ?? [];
  return (
    <section className="drill" aria-labelledby="drill-title" data-testid="drill">
      <header className="drill-header">
        <h3 id="drill-title" className="section-title">
          {target.splitLabel
            ? t('loop.drill.titleSplit', { reason: target.label, split: target.splitLabel })
            : t('loop.drill.title', { reason: target.label })}
          {drill.data ? <span className="count-pill">{rows.length}</span> : null}
        </h3>
        <button
          type="button"
          className="icon-btn"
          onClick={onClose}
          aria-label={t('action.close')}
          data-testid="drill-close"
        >
          <span aria-hidden="true">×</span>
        </button>
      </header>
      {drill.isPending ? <LoadingState /> : null}
      {drill.isError ? <ErrorState error={drill.error} onRetry={() => void drill.refetch()} /> : null}
      {drill.data && rows.length === 0 ? <EmptyState title={t('loop.drill.empty')} /> : null}
      {rows.length > 0 ? (
        <>
          {rows.length >= DRILL_LIMIT ? (
            <p className="muted">{t('loop.drill.limited', { count: DRILL_LIMIT })}</p>
          ) : null}
          <table className="simple-table drill-table" data-testid="drill-table">
            <thead>
              <tr>
                <th scope="col">{t('loop.drill.col.lead')}</th>
                <th scope="col">{t('loop.drill.col.offer')}</th>
                <th scope="col">{t('loop.drill.col.rep')}</th>
                <th scope="col">{t('loop.drill.col.decided')}</th>
                <th scope="col">{t('loop.drill.col.comment')}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((h) => (
                <tr key={h.id} data-handoff-id={h.id} data-testid="drill-row">
                  <td>
                    <span className="strong">{h.leadName}</span>
                    <span className="muted drill-company">{h.company}</span>
                  </td>
                  <td>{h.firstOfferName ?? <span className="muted">–</span>}</td>
                  <td>{h.decidedByName ?? h.repName ?? <span className="muted">–</span>}</td>
                  <td className="num">
                    {h.decidedAt !== null ? intl.formatDate(h.decidedAt, { dateStyle: 'medium' }) : '–'}
                  </td>
                  <td className="drill-comment" data-testid="drill-comment">
                    {h.comment ? <q>{h.comment}</q> : <span className="muted">{t('loop.drill.noComment')}</span>}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      ) : null}
    </section>
  );
}
