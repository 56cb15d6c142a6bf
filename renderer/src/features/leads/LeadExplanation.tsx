import { useIntl } from 'react-intl';
import type { Explanation } from '../../../../shared/contracts/leads.js';
import type { Rule } from '../../../../shared/domain/criteria.js';
import { ErrorState, Spinner } from '../../components/States.js';
import { useVersion } from '../../hooks/use-criteria.js';
import { useLeadExplanation } from '../../hooks/use-leads.js';
import { useT } from '../../i18n/index.js';
import { WinProbabilityNote } from '../criteria/BacktestProbability.js';
import { KIND_TITLE } from '../criteria/labels.js';
import { criteriaHref } from '../criteria/routes.js';
import { useRuleWords } from '../criteria/rule-words.js';

type Contribution = Explanation['contributions'][number];

/**
 * "Why is this an MQL?": every rule that gave points (engagement: how many touchpoints, the points
 * before decay, the cap), the disqualifier if one fired, and the level reached against the thresholds.
 */
/**
 * Why a lead scores what it does. By default under the live version, as its latest rescore left it;
 * with `asOf` under another version at a past moment: a rep deciding a handoff sees why it was handed
 * off, not today's score under a version that came later (or after its engagement decayed).
 */
export function LeadExplanation({ leadId, asOf }: { leadId: string; asOf?: { versionId: string; at: number } }) {
  const t = useT();
  const explanation = useLeadExplanation(leadId, asOf);
  const level = explanation.data?.level ?? null;
  const title = asOf
    ? explanation.data && !level
      ? 'lead.explain.titleAsOfNot'
      : 'lead.explain.titleAsOf'
    : explanation.data && !level
      ? 'lead.explain.titleNot'
      : 'lead.explain.title';
  return (
    <section className="drawer-section explain" data-testid="drawer-explanation" aria-busy={explanation.isPending}>
      <h3 className="section-title">{t(title)}</h3>
      {explanation.isPending ? <Spinner /> : null}
      {explanation.isError ? <ErrorState error={explanation.error} onRetry={() => void explanation.refetch()} /> : null}
      {explanation.data === null ? <p className="muted">{t('lead.explain.noVersion')}</p> : null}
      {explanation.data ? <ExplanationBody e={explanation.data} /> : null}
    </section>
  );
}

function ExplanationBody({ e }: { e: Explanation }) {
  const t = useT();
  const intl = useIntl();
  const words = useRuleWords();
  const version = useVersion(e.versionId);
  const rules = new Map<string, Rule>((version.data?.rules ?? []).map((r) => [r.id, r]));
  const num = (n: number) => intl.formatNumber(n, { maximumFractionDigits: 2 });
  const levels = [...e.levels].sort((a, b) => b.threshold - a.threshold);
  const lowest = levels[levels.length - 1];
  const dq = e.disqualifiedBy;
  const dqRule = dq ? rules.get(dq.ruleId) : undefined;
  const shown = e.contributions.filter((c) => c.kind !== 'disqualifier');

  const summary = dq
    ? t('lead.explain.summary.disqualified', { rule: dq.label, total: num(e.total) })
    : e.level
      ? t('lead.explain.summary.level', {
          level: e.level,
          total: num(e.total),
          threshold: num(levels.find((l) => l.name === e.level)?.threshold ?? 0),
        })
      : lowest
        ? t('lead.explain.summary.none', {
            total: num(e.total),
            short: num(lowest.threshold - e.total),
            level: lowest.name,
            threshold: num(lowest.threshold),
          })
        : t('lead.explain.summary.noLevels', { total: num(e.total) });

  const detail = (c: Contribution): string => {
    const rule = rules.get(c.ruleId);
    const condition = rule ? words.condition(rule) : null;
    if (c.kind !== 'engagement') return condition ?? '';
    const values = { count: c.matches, raw: num(c.rawPoints), points: num(c.points), cap: num(Math.abs(c.points)) };
    const decays = rule ? rule.decayHalfLifeDays !== null : c.rawPoints !== c.points && !c.capped;
    const how = c.capped
      ? t(decays ? 'lead.explain.touches.cappedDecay' : 'lead.explain.touches.capped', values)
      : c.points !== c.rawPoints
        ? t(e.source === 'asOf' ? 'lead.explain.touches.decayedThen' : 'lead.explain.touches.decayed', values)
        : t('lead.explain.touches.plain', values);
    return condition ? t('lead.explain.touches.with', { condition, how }) : how;
  };

  return (
    <>
      <p
        className={`explain-summary${dq ? ' is-disqualified' : e.level ? ' is-mql' : ''}`}
        data-testid="explain-summary"
      >
        {summary}
      </p>
      <WinProbabilityNote versionId={e.versionId} total={e.total} disqualified={dq !== null} />
      <p className="muted explain-source" data-testid="explain-source" data-source={e.source}>
        <a href={criteriaHref({ page: 'version', id: e.versionId })} data-testid="explain-version">
          {t('lead.explain.version', { number: e.versionNumber, name: e.versionName })}
        </a>
        {' · '}
        {e.source === 'live'
          ? t('lead.explain.live')
          : t(e.source === 'stored' ? 'lead.explain.stored' : 'lead.explain.asOf', {
              date: intl.formatDate(e.computedAt, { dateStyle: 'medium', timeStyle: 'short' }),
            })}
      </p>
      {dq ? (
        <p className="explain-dq" data-testid="explain-disqualifier">
          {t('lead.explain.disqualifier', {
            rule: dq.label,
            condition: dqRule ? words.condition(dqRule) : dq.label,
          })}
        </p>
      ) : null}
      {shown.length === 0 ? (
        <p className="muted">{t('lead.explain.noRules')}</p>
      ) : (
        <table className="explain-table" data-testid="explain-rules">
          <caption className="visually-hidden">{t('lead.explain.caption')}</caption>
          <thead className="visually-hidden">
            <tr>
              <th scope="col">{t('lead.explain.col.rule')}</th>
              <th scope="col">{t('lead.explain.col.points')}</th>
            </tr>
          </thead>
          <tbody>
            {shown.map((c) => (
              <tr
                key={c.ruleId}
                data-testid="explain-rule"
                data-kind={c.kind}
                data-points={c.points}
                data-rule-id={c.ruleId}
              >
                <td>
                  <span className="explain-rule-label">
                    <span className="explain-kind">{t(KIND_TITLE[c.kind])}</span> {c.label}
                  </span>
                  <span className="explain-detail">{detail(c)}</span>
                </td>
                <td className={`align-end num explain-points${c.points < 0 ? ' is-negative' : ''}`}>
                  {words.points(c.points)}
                </td>
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr>
              <th scope="row">{t('lead.explain.total', { fit: num(e.fit), engagement: num(e.engagement) })}</th>
              <td className="align-end num strong" data-testid="explain-total" data-total={e.total}>
                {num(e.total)}
              </td>
            </tr>
          </tfoot>
        </table>
      )}
      <ol className="explain-levels" aria-label={t('lead.explain.levels')}>
        {levels.map((l) => {
          const reached = !dq && e.total >= l.threshold;
          return (
            <li
              key={l.name}
              className={`explain-level${reached ? ' is-reached' : ''}${e.level === l.name ? ' is-current' : ''}`}
              data-level={l.name}
            >
              <span className="level">{l.name}</span>
              <span className="num">{t('criteria.levels.atLeast', { points: num(l.threshold) })}</span>
              <span className="explain-level-state">
                {reached
                  ? t('lead.explain.reached')
                  : dq
                    ? t('lead.explain.vetoed')
                    : t('lead.explain.short', { points: num(l.threshold - e.total) })}
              </span>
            </li>
          );
        })}
      </ol>
    </>
  );
}
