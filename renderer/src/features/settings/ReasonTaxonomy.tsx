import { useState } from 'react';
import { useIntl } from 'react-intl';
import type { RejectionReason } from '../../../../shared/contracts/reasons.js';
import { ConfirmDialog } from '../../components/ConfirmDialog.js';
import { EmptyState, ErrorState, LoadingState, useErrorText } from '../../components/States.js';
import { useReasons, useRemoveReason, useReorderReasons, useUpdateReason } from '../../hooks/use-reasons.js';
import { useT } from '../../i18n/index.js';
import { useReasonLabel } from '../../i18n/reason-labels.js';
import { ACTION_LABEL, BLAME_LABEL, REOPEN_LABEL } from '../inbox/reason-labels.js';
import { ReasonDialog } from './ReasonDialog.js';
import './ReasonTaxonomy.css';

/**
 * The rejection-reason taxonomy both teams agree on: its order is the order (and the number keys)
 * of the rep's reason picker. A reason in use can be deactivated, never deleted.
 */
export function ReasonTaxonomy() {
  const t = useT();
  const intl = useIntl();
  const reasonLabel = useReasonLabel();
  const errorText = useErrorText();
  const reasons = useReasons(true);
  const update = useUpdateReason();
  const remove = useRemoveReason();
  const reorder = useReorderReasons();
  const [editing, setEditing] = useState<RejectionReason | 'new' | null>(null);
  const [removing, setRemoving] = useState<RejectionReason | null>(null);

  const inUse = removing !== null && removing.usageCount > 0;
  const closeRemove = () => {
    setRemoving(null);
    remove.reset();
  };

  const header = (
    <div className="card-head">
      <h2 id="settings-reasons" className="card-title">
        {t('reasons.title')}
      </h2>
      <button type="button" className="btn btn-small" onClick={() => setEditing('new')} data-testid="reason-add">
        {t('reasons.add')}
      </button>
    </div>
  );

  let body;
  if (reasons.isPending) body = <LoadingState />;
  else if (reasons.isError) body = <ErrorState error={reasons.error} onRetry={() => void reasons.refetch()} />;
  else if (reasons.data.length === 0)
    body = <EmptyState title={t('reasons.empty.title')} hint={t('reasons.empty.hint')} />;
  else {
    const list = [...reasons.data].sort((a, b) => a.position - b.position);
    const move = (index: number, step: number) => {
      const ids = list.map((r) => r.id);
      const j = index + step;
      if (j < 0 || j >= ids.length) return;
      [ids[index], ids[j]] = [ids[j]!, ids[index]!];
      reorder.mutate(ids);
    };
    // The picker numbers active reasons only: the number a rep presses.
    const keyOf = new Map<string, number>();
    for (const r of list) if (r.active) keyOf.set(r.id, keyOf.size + 1);
    body = (
      <table className="simple-table reasons-table" data-testid="reasons-table">
        <thead>
          <tr>
            <th scope="col" className="align-end">
              {t('reasons.col.key')}
            </th>
            <th scope="col">{t('reasons.col.label')}</th>
            <th scope="col">{t('reasons.col.blame')}</th>
            <th scope="col">{t('reasons.col.action')}</th>
            <th scope="col">{t('reasons.col.comment')}</th>
            <th scope="col" className="align-end">
              {t('reasons.col.usage')}
            </th>
            <th scope="col">{t('reasons.col.active')}</th>
            <th scope="col">
              <span className="visually-hidden">{t('reasons.col.actions')}</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {list.map((r, i) => {
            const label = reasonLabel('rejection', r.label, r.code);
            return (
              <tr
                key={r.id}
                data-reason-id={r.id}
                data-reason-label={r.label}
                data-testid="reason-row"
                className={r.active ? '' : 'is-inactive'}
              >
                <td className="align-end num muted">{keyOf.get(r.id) ?? '–'}</td>
                <td>
                  <span className="strong" data-testid="reason-label">
                    {label}
                  </span>
                  {r.active ? null : <span className="badge">{t('reasons.inactive')}</span>}
                </td>
                <td>{t(BLAME_LABEL[r.blame])}</td>
                <td>
                  {t(ACTION_LABEL[r.action])}
                  {r.reopenKind ? <span className="muted"> · {t(REOPEN_LABEL[r.reopenKind])}</span> : null}
                </td>
                <td>
                  {r.commentRequired ? t('reasons.commentRequired') : <span className="muted">{t('common.no')}</span>}
                </td>
                <td className="align-end num" data-testid="reason-usage">
                  {intl.formatNumber(r.usageCount)}
                </td>
                <td>
                  <label className="check">
                    <input
                      type="checkbox"
                      checked={r.active}
                      // The whole reason goes with the flag: the contract's patch schema fills absent
                      // fields with their defaults (comment not required, no re-open kind).
                      onChange={(e) => update.mutate({ id: r.id, patch: withActive(r, e.target.checked) })}
                      aria-label={t('reasons.activeToggle', { label })}
                      data-testid="reason-active"
                    />
                  </label>
                </td>
                <td className="align-end reason-actions">
                  <button
                    type="button"
                    className="icon-btn"
                    onClick={() => move(i, -1)}
                    disabled={i === 0 || reorder.isPending}
                    aria-label={t('reasons.moveUp', { label })}
                    data-testid="reason-up"
                  >
                    <span aria-hidden="true">↑</span>
                  </button>
                  <button
                    type="button"
                    className="icon-btn"
                    onClick={() => move(i, 1)}
                    disabled={i === list.length - 1 || reorder.isPending}
                    aria-label={t('reasons.moveDown', { label })}
                    data-testid="reason-down"
                  >
                    <span aria-hidden="true">↓</span>
                  </button>
                  <button
                    type="button"
                    className="btn btn-ghost btn-small"
                    onClick={() => setEditing(r)}
                    data-testid="reason-edit"
                  >
                    {t('reasons.edit')}
                  </button>
                  <button
                    type="button"
                    className="btn btn-ghost btn-small"
                    onClick={() => setRemoving(r)}
                    data-testid="reason-delete"
                    title={r.usageCount > 0 ? t('reasons.delete.inUseHint') : undefined}
                  >
                    {t('reasons.delete')}
                  </button>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    );
  }

  return (
    <section className="card card-wide" aria-labelledby="settings-reasons" data-testid="reasons-card">
      {header}
      <p className="muted card-hint">{t('reasons.hint')}</p>
      {update.isError || reorder.isError ? (
        <p className="field-error" role="alert">
          {errorText(update.error ?? reorder.error)}
        </p>
      ) : null}
      {body}
      <ReasonDialog editing={editing} onClose={() => setEditing(null)} />
      <ConfirmDialog
        open={removing !== null}
        title={t('reasons.delete.title', {
          label: removing ? reasonLabel('rejection', removing.label, removing.code) : '',
        })}
        message={
          !inUse
            ? t('reasons.delete.message')
            : removing.active
              ? t('reasons.delete.inUse', { count: removing.usageCount })
              : t('reasons.delete.inUseInactive', { count: removing.usageCount })
        }
        // A reason decisions were made with stays (the reports name it); what is left to do is to
        // retire it from the picker, so that is what the dialog offers.
        confirmLabel={t(
          !inUse ? 'reasons.delete.confirm' : removing.active ? 'reasons.delete.deactivate' : 'action.close',
        )}
        cancelLabel={t('action.cancel')}
        danger={!inUse}
        busy={remove.isPending || update.isPending}
        error={remove.isError ? errorText(remove.error) : null}
        testId="reason-delete-dialog"
        onCancel={closeRemove}
        onConfirm={() => {
          if (!removing) return;
          if (!inUse) remove.mutate(removing.id, { onSuccess: closeRemove });
          else if (removing.active)
            update.mutate({ id: removing.id, patch: withActive(removing, false) }, { onSuccess: closeRemove });
          else closeRemove();
        }}
      />
    </section>
  );
}

/** The whole reason with its flag set: the contract's patch schema fills absent fields with their defaults. */
function withActive(r: RejectionReason, active: boolean) {
  return {
    label: r.label,
    blame: r.blame,
    action: r.action,
    commentRequired: r.commentRequired,
    reopenKind: r.reopenKind,
    active,
  };
}
