import { useState } from 'react';
import type { VersionDetail } from '../../../../shared/contracts/criteria.js';
import type { Rule, RuleKind } from '../../../../shared/domain/criteria.js';
import { ConfirmDialog } from '../../components/ConfirmDialog.js';
import { useErrorText } from '../../components/States.js';
import { useRemoveRule } from '../../hooks/use-criteria.js';
import { useT } from '../../i18n/index.js';
import { KIND_ADD, KIND_HINT, KIND_ORDER, KIND_TITLE } from './labels.js';
import { RuleDialog, type RuleEditing } from './RuleDialog.js';
import { useRuleWords } from './rule-words.js';

/** The rules of a version grouped by kind, each kind a compact table; drafts add, edit and remove. */
export function RulesSection({ version, editable }: { version: VersionDetail; editable: boolean }) {
  const t = useT();
  const errorText = useErrorText();
  const remove = useRemoveRule();
  const [editing, setEditing] = useState<RuleEditing | null>(null);
  const [removing, setRemoving] = useState<Rule | null>(null);
  // What just happened, for screen readers: the dialog that did it has closed by then.
  const [announcement, setAnnouncement] = useState('');
  const closeRemove = () => {
    setRemoving(null);
    remove.reset();
  };

  return (
    <section className="card card-wide rules-card" aria-labelledby="rules-title">
      <h2 id="rules-title" className="card-title">
        {t('criteria.rules.title')} <span className="count-pill">{version.rules.length}</span>
      </h2>
      {KIND_ORDER.map((kind) => (
        <RuleGroup
          key={kind}
          kind={kind}
          rules={version.rules.filter((r) => r.kind === kind)}
          editable={editable}
          onAdd={() => setEditing({ kind, rule: null })}
          onEdit={(rule) => setEditing({ kind, rule })}
          onRemove={setRemoving}
        />
      ))}
      <RuleDialog
        versionId={version.id}
        editing={editing}
        onClose={() => setEditing(null)}
        onSaved={(label) => setAnnouncement(t('a11y.criteria.ruleSaved', { label }))}
      />
      <p className="visually-hidden" role="status" data-testid="rules-announcement">
        {announcement}
      </p>
      <ConfirmDialog
        open={removing !== null}
        title={t('criteria.rule.remove.title', { label: removing?.label ?? '' })}
        message={t('criteria.rule.remove.message')}
        confirmLabel={t('criteria.rule.remove.confirm')}
        cancelLabel={t('action.cancel')}
        danger
        busy={remove.isPending}
        error={remove.isError ? errorText(remove.error) : null}
        onCancel={closeRemove}
        onConfirm={() =>
          removing &&
          remove.mutate(
            { versionId: version.id, ruleId: removing.id },
            {
              onSuccess: () => {
                setAnnouncement(t('a11y.criteria.ruleRemoved', { label: removing.label }));
                closeRemove();
              },
            },
          )
        }
      />
    </section>
  );
}

interface GroupProps {
  kind: RuleKind;
  rules: Rule[];
  editable: boolean;
  onAdd: () => void;
  onEdit: (rule: Rule) => void;
  onRemove: (rule: Rule) => void;
}

function RuleGroup({ kind, rules, editable, onAdd, onEdit, onRemove }: GroupProps) {
  const t = useT();
  const words = useRuleWords();
  const titleId = `rules-${kind}`;
  const engagement = kind === 'engagement';
  const scored = kind === 'fit' || engagement;

  return (
    <section className="rule-group" aria-labelledby={titleId} data-testid={`rule-group-${kind}`}>
      <div className="rule-group-head">
        <h3 id={titleId} className="section-title">
          {t(KIND_TITLE[kind])}
          <span className="count-pill">{rules.length}</span>
        </h3>
        <span className="muted rule-group-hint">{t(KIND_HINT[kind])}</span>
        {editable ? (
          <button type="button" className="btn btn-small" onClick={onAdd} data-testid={`rule-add-${kind}`}>
            {t(KIND_ADD[kind])}
          </button>
        ) : null}
      </div>
      {rules.length === 0 ? (
        <p className="muted rule-group-empty">{t('criteria.rules.none')}</p>
      ) : (
        <table className="simple-table rules-table" aria-labelledby={titleId}>
          <thead>
            <tr>
              <th scope="col" className="col-label">
                {t('criteria.rules.col.rule')}
              </th>
              <th scope="col">{t(kind === 'sql' ? 'criteria.rules.col.checks' : 'criteria.rules.col.when')}</th>
              {scored ? (
                <th scope="col" className="align-end col-num">
                  {t(engagement ? 'criteria.rules.col.perTouch' : 'criteria.rules.col.points')}
                </th>
              ) : null}
              {engagement ? (
                <>
                  <th scope="col" className="align-end col-num">
                    {t('criteria.rules.col.cap')}
                  </th>
                  <th scope="col" className="align-end col-num">
                    {t('criteria.rules.col.halfLife')}
                  </th>
                  <th scope="col" className="align-end col-num">
                    {t('criteria.rules.col.window')}
                  </th>
                </>
              ) : null}
              {editable ? (
                <th scope="col" className="col-actions">
                  <span className="visually-hidden">{t('criteria.rules.col.actions')}</span>
                </th>
              ) : null}
            </tr>
          </thead>
          <tbody>
            {rules.map((r) => (
              <tr key={r.id} data-rule-id={r.id} data-rule-label={r.label} data-testid="rule-row">
                <td className="strong" dir="auto">
                  {r.label}
                </td>
                <td>{kind === 'sql' ? words.field(r.field) : words.condition(r)}</td>
                {scored ? (
                  <td className={`align-end num${r.points < 0 ? ' is-negative' : ''}`} data-testid="rule-points">
                    {words.points(r.points)}
                  </td>
                ) : null}
                {engagement ? (
                  <>
                    <td className="align-end num">{r.cap === null ? '–' : words.value(r.cap)}</td>
                    <td className="align-end num">{words.days(r.decayHalfLifeDays)}</td>
                    <td className="align-end num">{words.days(r.windowDays)}</td>
                  </>
                ) : null}
                {editable ? (
                  <td className="align-end col-actions">
                    <button
                      type="button"
                      className="btn btn-ghost btn-small"
                      onClick={() => onEdit(r)}
                      aria-label={t('criteria.rule.editNamed', { label: r.label })}
                      data-testid="rule-edit"
                    >
                      {t('criteria.rule.edit')}
                    </button>
                    <button
                      type="button"
                      className="btn btn-ghost btn-small"
                      onClick={() => onRemove(r)}
                      aria-label={t('criteria.rule.removeNamed', { label: r.label })}
                      data-testid="rule-remove"
                    >
                      {t('criteria.rule.remove')}
                    </button>
                  </td>
                ) : null}
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
