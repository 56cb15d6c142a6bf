import { useId, useState, type FormEvent } from 'react';
import {
  ReasonActionSchema,
  ReasonBlameSchema,
  RejectionReasonDraftSchema,
  ReopenKindSchema,
  type RejectionReason,
} from '../../../../shared/contracts/reasons.js';
import { Dialog } from '../../components/Dialog.js';
import { useErrorText } from '../../components/States.js';
import { useCreateReason, useUpdateReason } from '../../hooks/use-reasons.js';
import { useT } from '../../i18n/index.js';
import { useReasonLabel } from '../../i18n/reason-labels.js';
import { ACTION_LABEL, BLAME_LABEL, REOPEN_LABEL } from '../inbox/reason-labels.js';

interface Props {
  /** The reason to edit, 'new' to add one, null when closed. */
  editing: RejectionReason | 'new' | null;
  onClose: () => void;
}

export function ReasonDialog({ editing, onClose }: Props) {
  const t = useT();
  const title = editing === 'new' ? t('reasons.form.addTitle') : t('reasons.form.editTitle');
  return (
    <Dialog open={editing !== null} title={title} testId="reason-dialog" onClose={onClose}>
      {editing !== null ? <ReasonForm editing={editing} onClose={onClose} /> : null}
    </Dialog>
  );
}

type Values = Pick<RejectionReason, 'label' | 'blame' | 'action' | 'commentRequired' | 'reopenKind'>;

function ReasonForm({ editing, onClose }: { editing: RejectionReason | 'new'; onClose: () => void }) {
  const t = useT();
  const errorText = useErrorText();
  const ids = { label: useId(), blame: useId(), action: useId(), reopen: useId(), comment: useId() };
  const create = useCreateReason();
  const update = useUpdateReason();
  const reasonLabel = useReasonLabel();
  // A default reason is edited in the UI language; saved unchanged it stays the default (and keeps
  // following the UI language), so only a label the user actually changed is stored as typed.
  const shownLabel = editing === 'new' ? '' : reasonLabel('rejection', editing.label, editing.code);
  const [values, setValues] = useState<Values>(() =>
    editing === 'new'
      ? { label: '', blame: 'fit', action: 'disqualify', commentRequired: false, reopenKind: null }
      : {
          label: shownLabel,
          blame: editing.blame,
          action: editing.action,
          commentRequired: editing.commentRequired,
          reopenKind: editing.reopenKind,
        },
  );
  const [labelError, setLabelError] = useState<string | null>(null);
  const mutation = editing === 'new' ? create : update;

  const set = <K extends keyof Values>(k: K, v: Values[K]) => setValues((prev) => ({ ...prev, [k]: v }));

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    // A re-open date only means something for a recycle.
    const label = editing !== 'new' && values.label === shownLabel ? editing.label : values.label;
    const draft = { ...values, label, reopenKind: values.action === 'recycle' ? values.reopenKind : null };
    const parsed = RejectionReasonDraftSchema.safeParse(draft);
    if (!parsed.success) {
      const issue = parsed.error.issues.find((i) => i.path[0] === 'label');
      setLabelError(
        issue
          ? t(values.label.trim() ? 'reasons.form.error.labelLong' : 'reasons.form.error.label')
          : (parsed.error.issues[0]?.message ?? null),
      );
      return;
    }
    setLabelError(null);
    if (editing === 'new') create.mutate(parsed.data, { onSuccess: onClose });
    else update.mutate({ id: editing.id, patch: parsed.data }, { onSuccess: onClose });
  };

  return (
    <form className="form-grid form-grid-1" onSubmit={onSubmit} noValidate data-testid="reason-form">
      <label className="field" htmlFor={ids.label}>
        <span className="field-label">{t('reasons.form.label')}</span>
        <input
          id={ids.label}
          className="input"
          value={values.label}
          maxLength={200}
          autoFocus
          aria-invalid={labelError !== null}
          aria-describedby={labelError ? `${ids.label}-error` : undefined}
          onChange={(e) => {
            set('label', e.target.value);
            setLabelError(null);
          }}
          data-testid="reason-form-label"
        />
        {labelError ? (
          <span id={`${ids.label}-error`} className="field-error" data-testid="reason-form-error">
            {labelError}
          </span>
        ) : null}
      </label>
      <label className="field" htmlFor={ids.blame}>
        <span className="field-label">{t('reasons.form.blame')}</span>
        <select
          id={ids.blame}
          className="select"
          value={values.blame}
          onChange={(e) => set('blame', ReasonBlameSchema.parse(e.target.value))}
          data-testid="reason-form-blame"
        >
          {ReasonBlameSchema.options.map((b) => (
            <option key={b} value={b}>
              {t(BLAME_LABEL[b])}
            </option>
          ))}
        </select>
      </label>
      <label className="field" htmlFor={ids.action}>
        <span className="field-label">{t('reasons.form.action')}</span>
        <select
          id={ids.action}
          className="select"
          value={values.action}
          onChange={(e) => set('action', ReasonActionSchema.parse(e.target.value))}
          data-testid="reason-form-action"
        >
          {ReasonActionSchema.options.map((a) => (
            <option key={a} value={a}>
              {t(ACTION_LABEL[a])}
            </option>
          ))}
        </select>
      </label>
      {values.action === 'recycle' ? (
        <label className="field" htmlFor={ids.reopen}>
          <span className="field-label">{t('reasons.form.reopen')}</span>
          <select
            id={ids.reopen}
            className="select"
            value={values.reopenKind ?? ''}
            onChange={(e) => set('reopenKind', e.target.value ? ReopenKindSchema.parse(e.target.value) : null)}
            data-testid="reason-form-reopen"
          >
            <option value="">{t('reasons.reopen.none')}</option>
            {ReopenKindSchema.options.map((k) => (
              <option key={k} value={k}>
                {t(REOPEN_LABEL[k])}
              </option>
            ))}
          </select>
        </label>
      ) : null}
      <label className="check reason-form-check" htmlFor={ids.comment}>
        <input
          id={ids.comment}
          type="checkbox"
          checked={values.commentRequired}
          onChange={(e) => set('commentRequired', e.target.checked)}
          data-testid="reason-form-comment"
        />
        <span>{t('reasons.form.commentRequired')}</span>
      </label>
      {mutation.isError ? (
        <p className="field-error" role="alert" data-testid="reason-form-server-error">
          {errorText(mutation.error)}
        </p>
      ) : null}
      <div className="dialog-actions">
        <button type="button" className="btn" onClick={onClose}>
          {t('action.cancel')}
        </button>
        <button type="submit" className="btn btn-primary" disabled={mutation.isPending} data-testid="reason-form-save">
          {editing === 'new' ? t('reasons.form.add') : t('reasons.form.save')}
        </button>
      </div>
    </form>
  );
}
