import { useId, useState } from 'react';
import { criteria, type VersionSummary } from '../../../../shared/contracts/criteria.js';
import { Dialog } from '../../components/Dialog.js';
import { useErrorText } from '../../components/States.js';
import { useCreateDraft } from '../../hooks/use-criteria.js';
import { useT } from '../../i18n/index.js';
import { displayStatus, STATUS_LABEL } from './labels.js';
import { goTo } from './routes.js';

interface Props {
  open: boolean;
  versions: readonly VersionSummary[];
  /** The version to clone by default; null starts empty. */
  fromId: string | null;
  onClose: () => void;
}

/** A new draft, empty or cloned from any version; opens it when created. */
export function NewDraftDialog({ open, versions, fromId, onClose }: Props) {
  const t = useT();
  return (
    <Dialog open={open} title={t('criteria.new.title')} onClose={onClose} testId="new-draft-dialog">
      <NewDraftForm versions={versions} fromId={fromId} onClose={onClose} />
    </Dialog>
  );
}

function NewDraftForm({ versions, fromId, onClose }: Omit<Props, 'open'>) {
  const t = useT();
  const errorText = useErrorText();
  const create = useCreateDraft();
  const from = versions.find((v) => v.id === fromId);
  const [name, setName] = useState(from ? t('criteria.new.cloneName', { name: from.name }) : '');
  const [source, setSource] = useState(fromId ?? '');
  const [error, setError] = useState<string | null>(null);
  const ids = { name: useId(), from: useId() };

  return (
    <form
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        const input = { name, ...(source ? { fromId: source } : {}) };
        const parsed = criteria.createDraft.input.safeParse(input);
        if (!parsed.success) {
          setError(t('criteria.new.nameRequired'));
          return;
        }
        create.mutate(parsed.data, {
          onSuccess: (v) => {
            onClose();
            goTo({ page: 'version', id: v.id });
          },
        });
      }}
    >
      <div className="form-grid form-grid-1">
        <div className="field">
          <label htmlFor={ids.name} className="field-label">
            {t('criteria.new.name')}
          </label>
          <input
            id={ids.name}
            className="input"
            value={name}
            autoFocus
            maxLength={120}
            aria-invalid={error ? true : undefined}
            aria-describedby={error ? `${ids.name}-error` : undefined}
            data-testid="new-draft-name"
            onChange={(e) => {
              setName(e.target.value);
              setError(null);
            }}
          />
          {error ? (
            <span id={`${ids.name}-error`} className="field-error">
              {error}
            </span>
          ) : null}
        </div>
        <div className="field">
          <label htmlFor={ids.from} className="field-label">
            {t('criteria.new.from')}
          </label>
          <select
            id={ids.from}
            className="select"
            value={source}
            onChange={(e) => setSource(e.target.value)}
            data-testid="new-draft-from"
          >
            <option value="">{t('criteria.new.empty')}</option>
            {versions.map((v) => (
              <option key={v.id} value={v.id}>
                {t('criteria.versionOption', {
                  number: v.number,
                  name: v.name,
                  status: t(STATUS_LABEL[displayStatus(v)]),
                })}
              </option>
            ))}
          </select>
        </div>
      </div>
      {create.isError ? (
        <p className="field-error" role="alert">
          {errorText(create.error)}
        </p>
      ) : null}
      <div className="dialog-actions">
        <button type="button" className="btn" onClick={onClose}>
          {t('action.cancel')}
        </button>
        <button type="submit" className="btn btn-primary" disabled={create.isPending} data-testid="new-draft-create">
          {t('criteria.new.create')}
        </button>
      </div>
    </form>
  );
}
