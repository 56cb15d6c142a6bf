import { useId, useMemo, useState } from 'react';
import type { Rule, RuleKind } from '../../../../shared/domain/criteria.js';
import { staleLabelMentions, type StaleMention } from '../../../../shared/domain/rule-label.js';
import { Dialog } from '../../components/Dialog.js';
import { useErrorText } from '../../components/States.js';
import { useSaveRule } from '../../hooks/use-criteria.js';
import { useT } from '../../i18n/index.js';
import { FieldError } from './FieldError.js';
import { FIELD_LABEL, KIND_ADD, OPERATOR_LABEL } from './labels.js';
import {
  CUSTOM_FIELD,
  editForm,
  fieldOptions,
  hasPoints,
  initialFormState,
  labelParts,
  operatorsFor,
  toDraft,
  withField,
  type RuleFormKey,
  type RuleFormState,
  type RuleFormValues,
} from './rule-form.js';
import { RulePreview } from './RulePreview.js';
import { RuleValueInput } from './RuleValueInput.js';

export type RuleEditing = { kind: RuleKind; rule: Rule | null };

interface Props {
  versionId: string;
  editing: RuleEditing | null;
  onClose: () => void;
  /** After a save, with the rule's label (announced to screen readers). */
  onSaved?: (label: string) => void;
}

/** Add or edit one rule of a draft, validated by RuleSchema as you type, with a live preview. */
export function RuleDialog({ versionId, editing, onClose, onSaved }: Props) {
  const t = useT();
  const title = editing?.rule
    ? t('criteria.rule.editTitle', { label: editing.rule.label })
    : editing
      ? t(KIND_ADD[editing.kind])
      : '';
  return (
    <Dialog open={editing !== null} title={title} wide onClose={onClose} testId="rule-dialog">
      {editing ? <RuleForm versionId={versionId} editing={editing} onClose={onClose} onSaved={onSaved} /> : null}
    </Dialog>
  );
}

function RuleForm({ versionId, editing, onClose, onSaved }: Omit<Props, 'editing'> & { editing: RuleEditing }) {
  const t = useT();
  const errorText = useErrorText();
  const save = useSaveRule();
  // The label follows the points and cap while it is the app's default for them (editForm).
  const [form, setForm] = useState<RuleFormState>(() => initialFormState(editing.rule, editing.kind));
  const values = form.values;
  const setValues = (edit: (v: RuleFormValues) => RuleFormValues) => setForm((s) => editForm(s, edit(s.values)));
  // Errors show for what the user has touched, and for everything after a save attempt.
  const [touched, setTouched] = useState<ReadonlySet<string>>(new Set());
  const [submitted, setSubmitted] = useState(false);
  const result = useMemo(() => toDraft(values), [values]);
  const parts = useMemo(() => labelParts(values), [values]);
  const stale = parts ? staleLabelMentions(values.label, parts) : [];
  const staleText = (m: StaleMention) =>
    m.part === 'points'
      ? t('criteria.rule.labelStale.points', { said: m.said, now: m.now })
      : m.now === null
        ? t('criteria.rule.labelStale.noCap', { said: m.said })
        : t('criteria.rule.labelStale.cap', { said: m.said, now: m.now });
  const followed = editing.rule !== null && values.label !== editing.rule.label && !touched.has('label');
  const allErrors = result.ok ? {} : result.errors;
  const visible = (k: RuleFormKey | 'value') =>
    submitted || touched.has(k) || (k === 'value' && ['text', 'list', 'min', 'max'].some((x) => touched.has(x)))
      ? allErrors[k]
      : undefined;
  const errors = Object.fromEntries(
    (Object.keys(allErrors) as (RuleFormKey | 'value')[]).map((k) => [k, visible(k)]).filter(([, e]) => e),
  ) as typeof allErrors;

  const change = (patch: Partial<RuleFormValues>) => {
    setValues((v) => ({ ...v, ...patch }));
    setTouched((s) => new Set([...s, ...Object.keys(patch)]));
  };
  const ids = {
    label: useId(),
    field: useId(),
    key: useId(),
    operator: useId(),
    points: useId(),
    cap: useId(),
    halfLife: useId(),
    window: useId(),
  };
  const kind = values.kind;
  const operators = operatorsFor(kind, values.field);
  const errProps = (k: RuleFormKey, id: string) => ({
    'aria-invalid': errors[k] ? true : undefined,
    'aria-describedby': errors[k] ? `${id}-error` : undefined,
  });

  const numberInput = (k: 'points' | 'cap' | 'halfLife' | 'window', label: string, optional: boolean) => (
    <div className="field">
      <label htmlFor={ids[k]} className="field-label">
        {label} {optional ? <span className="muted">{t('common.optional')}</span> : null}
      </label>
      <input
        id={ids[k]}
        className="input"
        inputMode="decimal"
        value={values[k]}
        {...errProps(k, ids[k])}
        data-testid={`rule-${k}`}
        onChange={(e) => change({ [k]: e.target.value })}
      />
      <FieldError id={`${ids[k]}-error`} error={errors[k]} testId={`rule-error-${k}`} />
    </div>
  );

  return (
    <form
      noValidate
      data-testid="rule-form"
      onSubmit={(e) => {
        e.preventDefault();
        setSubmitted(true);
        if (!result.ok) return;
        const label = result.draft.label;
        save.mutate(
          { versionId, rule: result.draft },
          {
            onSuccess: () => {
              onSaved?.(label);
              onClose();
            },
          },
        );
      }}
    >
      <div className="form-grid">
        <div className="field field-wide">
          <label htmlFor={ids.label} className="field-label">
            {t('criteria.rule.label')}
          </label>
          <input
            id={ids.label}
            className="input"
            value={values.label}
            autoFocus
            maxLength={200}
            autoComplete="off"
            {...errProps('label', ids.label)}
            aria-describedby={errors.label ? `${ids.label}-error` : stale.length > 0 || followed ? `${ids.label}-note` : undefined}
            data-testid="rule-label"
            onChange={(e) => change({ label: e.target.value })}
          />
          <FieldError id={`${ids.label}-error`} error={errors.label} testId="rule-error-label" />
          {stale.length > 0 ? (
            <span id={`${ids.label}-note`} className="field-warning" role="status" data-testid="rule-label-stale">
              {stale.map(staleText).join(' ')}
            </span>
          ) : followed ? (
            <span id={`${ids.label}-note`} className="field-hint muted" role="status" data-testid="rule-label-followed">
              {t('criteria.rule.labelFollowed')}
            </span>
          ) : null}
        </div>
        <div className="field">
          <label htmlFor={ids.field} className="field-label">
            {t(
              kind === 'engagement'
                ? 'criteria.rule.touchField'
                : kind === 'sql'
                  ? 'criteria.rule.bantField'
                  : 'criteria.rule.field',
            )}
          </label>
          <select
            id={ids.field}
            className="select"
            value={values.field}
            data-testid="rule-field"
            onChange={(e) => {
              setValues((v) => withField(v, e.target.value));
              setTouched((s) => new Set([...s, 'field']));
            }}
          >
            {fieldOptions(kind).map((f) => (
              <option key={f} value={f}>
                {f === CUSTOM_FIELD ? t('criteria.field.custom') : t(FIELD_LABEL[f] ?? 'criteria.field.custom')}
              </option>
            ))}
          </select>
        </div>
        {kind === 'sql' ? null : (
          <div className="field">
            <label htmlFor={ids.operator} className="field-label">
              {t('criteria.rule.operator')}
            </label>
            <select
              id={ids.operator}
              className="select"
              value={values.operator}
              {...errProps('operator', ids.operator)}
              data-testid="rule-operator"
              onChange={(e) => change({ operator: operators.find((o) => o === e.target.value) ?? values.operator })}
            >
              {operators.map((o) => (
                <option key={o} value={o}>
                  {t(OPERATOR_LABEL[o])}
                </option>
              ))}
            </select>
            <FieldError id={`${ids.operator}-error`} error={errors.operator} testId="rule-error-operator" />
          </div>
        )}
        {values.field === CUSTOM_FIELD ? (
          <div className="field">
            <label htmlFor={ids.key} className="field-label">
              {t('criteria.rule.attributeKey')}
            </label>
            <input
              id={ids.key}
              className="input"
              value={values.attributeKey}
              placeholder="tech_stack"
              autoComplete="off"
              {...errProps('attributeKey', ids.key)}
              data-testid="rule-attribute-key"
              onChange={(e) => change({ attributeKey: e.target.value })}
            />
            <FieldError id={`${ids.key}-error`} error={errors.attributeKey} testId="rule-error-attributeKey" />
          </div>
        ) : null}
        <RuleValueInput values={values} errors={errors} onChange={change} />
        {hasPoints(kind)
          ? numberInput(
              'points',
              t(kind === 'engagement' ? 'criteria.rule.pointsPerTouch' : 'criteria.rule.points'),
              false,
            )
          : null}
        {kind === 'engagement' ? (
          <>
            {numberInput('cap', t('criteria.rule.cap'), true)}
            {numberInput('halfLife', t('criteria.rule.halfLife'), true)}
            {numberInput('window', t('criteria.rule.window'), true)}
          </>
        ) : null}
      </div>
      <RulePreview draft={result.ok ? result.draft : null} />
      {save.isError ? (
        <p className="field-error" role="alert" data-testid="rule-save-error">
          {errorText(save.error)}
        </p>
      ) : null}
      <div className="dialog-actions">
        <button type="button" className="btn" onClick={onClose}>
          {t('action.cancel')}
        </button>
        <button type="submit" className="btn btn-primary" disabled={save.isPending} data-testid="rule-save">
          {t('criteria.rule.save')}
        </button>
      </div>
    </form>
  );
}
