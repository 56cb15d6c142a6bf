import { useIntl } from 'react-intl';
import type { OutputOf } from '../../../../shared/contracts/method.js';
import type { criteria, VersionDetail } from '../../../../shared/contracts/criteria.js';
import type { Rule } from '../../../../shared/domain/criteria.js';
import { useT } from '../../i18n/index.js';
import { KIND_ORDER, KIND_TITLE, RULE_PROP_LABEL } from './labels.js';
import { factOf, RuleFacts } from './RuleFacts.js';
import { useRuleWords } from './rule-words.js';

type Diff = OutputOf<typeof criteria.diff>;
type Change = Diff['changed'][number]['changes'][number];

interface Row {
  kind: Rule['kind'];
  label: string;
  type: 'added' | 'removed' | 'changed';
  from: Rule | null;
  to: Rule | null;
  changes: Change[];
}

const DIFF_TAG = {
  added: 'criteria.diff.tag.added',
  removed: 'criteria.diff.tag.removed',
  changed: 'criteria.diff.tag.changed',
} as const;

/** Two versions side by side: levels and SLA first, then every rule added, removed or changed (old → new). */
export function DiffView({ diff, from, to }: { diff: Diff; from: VersionDetail; to: VersionDetail }) {
  const t = useT();
  const intl = useIntl();
  const words = useRuleWords();
  const fromRules = new Map(from.rules.map((r) => [r.id, r]));
  const toRules = new Map(to.rules.map((r) => [r.id, r]));
  const rows: Row[] = [
    ...diff.changed.map((c) => ({
      kind: c.kind,
      label: c.label,
      type: 'changed' as const,
      from: fromRules.get(c.fromId) ?? null,
      to: toRules.get(c.toId) ?? null,
      changes: c.changes,
    })),
    ...diff.removed.map((r) => ({
      kind: r.kind,
      label: r.label,
      type: 'removed' as const,
      from: r,
      to: null,
      changes: [],
    })),
    ...diff.added.map((r) => ({
      kind: r.kind,
      label: r.label,
      type: 'added' as const,
      from: null,
      to: r,
      changes: [],
    })),
  ].sort((a, b) => KIND_ORDER.indexOf(a.kind) - KIND_ORDER.indexOf(b.kind));

  const sla = diff.sla;
  const slaText = words.sla;
  const nothing = rows.length === 0 && diff.levels.length === 0 && !sla;
  const fromTitle = t('criteria.versionTitle', { number: from.number, name: from.name });
  const toTitle = t('criteria.versionTitle', { number: to.number, name: to.name });

  return (
    <div className="diff" data-testid="diff">
      <p className="diff-summary" data-testid="diff-summary">
        {nothing
          ? t('criteria.diff.nothing')
          : t('criteria.diff.summary', {
              added: diff.added.length,
              removed: diff.removed.length,
              changed: diff.changed.length,
              levels: diff.levels.length,
            })}
      </p>
      {diff.levels.length > 0 || sla ? (
        <section className="card" aria-labelledby="diff-thresholds">
          <h2 id="diff-thresholds" className="card-title">
            {t('criteria.diff.thresholds')}
          </h2>
          <table className="simple-table diff-table" data-testid="diff-thresholds">
            <thead>
              <tr>
                <th scope="col" className="diff-what">
                  {t('criteria.diff.what')}
                </th>
                <th scope="col">{fromTitle}</th>
                <th scope="col">{toTitle}</th>
              </tr>
            </thead>
            <tbody>
              {diff.levels.map((l) => (
                <tr key={l.name} data-testid="diff-level" data-level={l.name}>
                  <th scope="row">{t('criteria.diff.level', { name: l.name })}</th>
                  <td className="diff-from">
                    {l.from === null
                      ? t('criteria.diff.absent')
                      : t('criteria.levels.atLeast', { points: intl.formatNumber(l.from) })}
                  </td>
                  <td className="diff-to">
                    {l.to === null
                      ? t('criteria.diff.absent')
                      : t('criteria.levels.atLeast', { points: intl.formatNumber(l.to) })}
                  </td>
                </tr>
              ))}
              {sla ? (
                <tr data-testid="diff-sla">
                  <th scope="row">{t('criteria.details.sla')}</th>
                  <td className="diff-from">{slaText(sla.from, sla.businessHoursFrom)}</td>
                  <td className="diff-to">{slaText(sla.to, sla.businessHoursTo)}</td>
                </tr>
              ) : null}
            </tbody>
          </table>
        </section>
      ) : null}
      {rows.length > 0 ? (
        <section className="card" aria-labelledby="diff-rules">
          <h2 id="diff-rules" className="card-title">
            {t('criteria.diff.rules')}
          </h2>
          <table className="simple-table diff-table" data-testid="diff-rules">
            <thead>
              <tr>
                <th scope="col" className="diff-what">
                  {t('criteria.rules.col.rule')}
                </th>
                <th scope="col">{fromTitle}</th>
                <th scope="col">{toTitle}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => {
                const changed = new Set(row.changes.map((c) => factOf(c.field)));
                return (
                  <tr
                    key={`${row.type}-${row.to?.id ?? row.from?.id ?? row.label}`}
                    className={`diff-row is-${row.type}`}
                    data-testid="diff-rule"
                    data-type={row.type}
                    data-label={row.label}
                  >
                    <th scope="row" className="diff-what">
                      <span className={`diff-tag is-${row.type}`}>{t(DIFF_TAG[row.type])}</span>
                      <span className="muted diff-kind">{t(KIND_TITLE[row.kind])}</span>
                      <span className="diff-label" dir="auto">
                        {row.label}
                      </span>
                      {row.changes.length > 0 ? (
                        <ul className="diff-changes">
                          {row.changes.map((c) => (
                            <li key={c.field} data-testid="diff-change" data-prop={c.field}>
                              {t('criteria.diff.change', {
                                prop: t(RULE_PROP_LABEL[c.field] ?? 'criteria.prop.value'),
                                from: words.propValue(c.field, c.from, row.from?.field),
                                to: words.propValue(c.field, c.to, row.to?.field),
                              })}
                            </li>
                          ))}
                        </ul>
                      ) : null}
                    </th>
                    <td className="diff-from">
                      {row.from ? (
                        <RuleFacts rule={row.from} changed={changed} side="from" />
                      ) : (
                        <span className="muted">{t('criteria.diff.notIn', { number: from.number })}</span>
                      )}
                    </td>
                    <td className="diff-to">
                      {row.to ? (
                        <RuleFacts rule={row.to} changed={changed} side="to" />
                      ) : (
                        <span className="muted">{t('criteria.diff.notIn', { number: to.number })}</span>
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </section>
      ) : null}
    </div>
  );
}
