import { useId, useState } from 'react';
import { useIntl } from 'react-intl';
import type { VersionDetail } from '../../../../shared/contracts/criteria.js';
import { LevelsSchema } from '../../../../shared/domain/criteria.js';
import { useErrorText } from '../../components/States.js';
import { useUpdateDraft } from '../../hooks/use-criteria.js';
import { useT } from '../../i18n/index.js';

interface Row {
  key: number;
  name: string;
  threshold: string;
}
type RowErrors = Record<number, { name?: string; threshold?: string }>;

const MAX_LEVELS = 5;

/** MQL levels and their thresholds: editable rows on a draft (checked by LevelsSchema), a ladder otherwise. */
export function LevelsCard({ version, editable }: { version: VersionDetail; editable: boolean }) {
  const t = useT();
  const intl = useIntl();
  const sorted = [...version.levels].sort((a, b) => b.threshold - a.threshold);
  return (
    <section className="card" aria-labelledby="levels-title" data-testid="version-levels">
      <h2 id="levels-title" className="card-title">
        {t('criteria.levels.title')}
      </h2>
      <p className="muted card-hint">{t('criteria.levels.hint')}</p>
      {editable ? (
        <LevelsForm key={version.id} version={version} />
      ) : (
        <ul className="levels">
          {sorted.map((l) => (
            <li key={l.name} className="level-row" data-level={l.name}>
              <span className="level">{l.name}</span>
              <span className="num">{t('criteria.levels.atLeast', { points: intl.formatNumber(l.threshold) })}</span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

let nextKey = 1;

function LevelsForm({ version }: { version: VersionDetail }) {
  const t = useT();
  const errorText = useErrorText();
  const update = useUpdateDraft();
  const fromVersion = () =>
    version.levels.map((l) => ({ key: nextKey++, name: l.name, threshold: String(l.threshold) }));
  const [rows, setRows] = useState<Row[]>(fromVersion);
  const [errors, setErrors] = useState<RowErrors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  const baseId = useId();
  const dirty =
    JSON.stringify(rows.map((r) => [r.name, r.threshold])) !==
    JSON.stringify(version.levels.map((l) => [l.name, String(l.threshold)]));

  const edit = (key: number, patch: Partial<Row>) => {
    setRows((rs) => rs.map((r) => (r.key === key ? { ...r, ...patch } : r)));
    setErrors({});
    setFormError(null);
    setSaved(false);
  };

  const onSave = () => {
    const levels = rows.map((r) => ({
      name: r.name,
      threshold: r.threshold.trim() === '' ? NaN : Number(r.threshold),
    }));
    const parsed = LevelsSchema.safeParse(levels);
    if (!parsed.success) {
      const next: RowErrors = {};
      let general: string | null = null;
      for (const issue of parsed.error.issues) {
        const [i, key] = issue.path;
        if (typeof i === 'number' && (key === 'name' || key === 'threshold')) {
          const msg =
            key === 'threshold' && issue.code === 'invalid_type' ? t('criteria.rule.error.number') : issue.message;
          next[i] = { ...next[i], [key]: next[i]?.[key] ?? msg };
        } else general ??= issue.message;
      }
      setErrors(next);
      setFormError(general);
      return;
    }
    update.mutate({ id: version.id, patch: { levels: parsed.data } }, { onSuccess: () => setSaved(true) });
  };

  return (
    <form
      noValidate
      data-testid="levels-form"
      onSubmit={(e) => {
        e.preventDefault();
        onSave();
      }}
    >
      <table className="simple-table levels-table">
        <thead>
          <tr>
            <th scope="col">{t('criteria.levels.name')}</th>
            <th scope="col">{t('criteria.levels.threshold')}</th>
            <th scope="col">
              <span className="visually-hidden">{t('criteria.rules.col.actions')}</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r, i) => {
            const e = errors[i] ?? {};
            const nameId = `${baseId}-${r.key}-name`;
            const thresholdId = `${baseId}-${r.key}-threshold`;
            return (
              <tr key={r.key} data-testid="level-row">
                <td>
                  <input
                    id={nameId}
                    className="input"
                    value={r.name}
                    maxLength={40}
                    aria-label={t('criteria.levels.nameOf', { n: i + 1 })}
                    aria-invalid={e.name ? true : undefined}
                    aria-describedby={e.name ? `${nameId}-error` : undefined}
                    data-testid="level-name"
                    onChange={(ev) => edit(r.key, { name: ev.target.value })}
                  />
                  {e.name ? (
                    <span id={`${nameId}-error`} className="field-error">
                      {e.name}
                    </span>
                  ) : null}
                </td>
                <td>
                  <input
                    id={thresholdId}
                    className="input input-num"
                    inputMode="decimal"
                    value={r.threshold}
                    aria-label={t('criteria.levels.thresholdOf', { n: i + 1 })}
                    aria-invalid={e.threshold ? true : undefined}
                    aria-describedby={e.threshold ? `${thresholdId}-error` : undefined}
                    data-testid="level-threshold"
                    onChange={(ev) => edit(r.key, { threshold: ev.target.value })}
                  />
                  {e.threshold ? (
                    <span id={`${thresholdId}-error`} className="field-error" data-testid="level-error">
                      {e.threshold}
                    </span>
                  ) : null}
                </td>
                <td className="align-end">
                  <button
                    type="button"
                    className="btn btn-ghost btn-small"
                    disabled={rows.length <= 1}
                    aria-label={t('criteria.levels.removeNamed', { name: r.name || String(i + 1) })}
                    onClick={() => {
                      setRows((rs) => rs.filter((x) => x.key !== r.key));
                      setErrors({});
                      setSaved(false);
                    }}
                  >
                    {t('criteria.rule.remove')}
                  </button>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {formError ? (
        <p className="field-error" role="alert">
          {formError}
        </p>
      ) : null}
      <div className="form-actions">
        <button
          type="button"
          className="btn btn-small"
          disabled={rows.length >= MAX_LEVELS}
          onClick={() => {
            setRows((rs) => [...rs, { key: nextKey++, name: '', threshold: '' }]);
            setSaved(false);
          }}
          data-testid="level-add"
        >
          {t('criteria.levels.add')}
        </button>
        <button
          type="submit"
          className="btn btn-primary btn-small"
          disabled={!dirty || update.isPending}
          data-testid="levels-save"
        >
          {t('criteria.levels.save')}
        </button>
        <span role="status" aria-live="polite">
          {saved && !dirty ? <span className="ok-text">{t('criteria.details.saved')}</span> : null}
        </span>
        {update.isError ? (
          <span className="field-error" role="alert">
            {errorText(update.error)}
          </span>
        ) : null}
      </div>
    </form>
  );
}
