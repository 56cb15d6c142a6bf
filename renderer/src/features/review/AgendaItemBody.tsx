import { useIntl } from 'react-intl';
import type { AgendaItem, Review } from '../../../../shared/contracts/reviews.js';
import { moverIsChance } from '../../../../shared/domain/review-agenda.js';
import { useFormatList, useT } from '../../i18n/index.js';
import { useVocabulary } from '../../i18n/vocabulary.js';
import { useReasonLabel } from '../../i18n/reason-labels.js';

/** What a drafted agenda item showed when it was drafted (the stored snapshot, as the pack prints it). */
export function AgendaItemBody({ item, review }: { item: AgendaItem; review: Review }) {
  const t = useT();
  const list = useFormatList();
  const word = useVocabulary();
  const reasonLabel = useReasonLabel();
  const intl = useIntl();
  const pct = (x: number | null) =>
    x === null ? '—' : intl.formatNumber(x, { style: 'percent', maximumFractionDigits: 1 });
  const num = (x: number) => intl.formatNumber(x);
  const d = item.data;
  switch (d.kind) {
    case 'funnel': {
      const stages = ['leads', 'mql', 'sal', 'sql', 'won'] as const;
      return (
        <>
          <table className="review-table compact">
            <thead>
              <tr>
                <th>{t('review.agenda.stage')}</th>
                <th className="num">{d.previousQuarter}</th>
                <th className="num">{review.quarter}</th>
              </tr>
            </thead>
            <tbody>
              {stages.map((s) => (
                <tr key={s}>
                  <td>{t(`review.stage.${s}`)}</td>
                  <td className="num">{num(d.previous[s])}</td>
                  <td className="num">{num(d.current[s])}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {d.current.open ? (
            <p className="muted" data-testid="agenda-open-deals">
              {t('review.agenda.openDeals', {
                open: d.current.open,
                quarter: review.quarter,
                prevOpen: d.previous.open ?? 0,
                previous: d.previousQuarter,
              })}
            </p>
          ) : null}
        </>
      );
    }
    case 'rejections':
      return d.reasons.length === 0 ? (
        <p className="muted">{t('review.agenda.noRejections')}</p>
      ) : (
        <table className="review-table compact">
          <thead>
            <tr>
              <th>{t('review.agenda.reason')}</th>
              <th className="num">{t('review.agenda.rejected')}</th>
              <th>{t('review.agenda.blamedRules')}</th>
            </tr>
          </thead>
          <tbody>
            {d.reasons.map((r) => (
              <tr key={r.code}>
                <td>
                  {reasonLabel('rejection', r.label, r.code)}{' '}
                  <span className="muted">({t(`review.blame.${r.blame}`)})</span>
                </td>
                <td className="num">
                  {num(r.count)} · {pct(r.share)}
                </td>
                <td>
                  {r.rules.length
                    ? list(
                        r.rules
                          .slice(0, 3)
                          .map((x) =>
                            x.acceptedShare != null && x.share !== undefined
                              ? t('review.agenda.ruleShare', {
                                  label: x.label,
                                  share: pct(x.share),
                                  accepted: pct(x.acceptedShare),
                                })
                              : t('review.agenda.ruleCount', { label: x.label, count: x.count }),
                          ),
                        'unit',
                      )
                    : '—'}
                  {r.pattern ? (
                    <div className="muted" data-testid="agenda-pattern">
                      {t('review.agenda.pattern', {
                        field: t(`review.patternField.${r.pattern.field}`),
                        values: list(
                          r.pattern.values.map((v) => word(r.pattern!.field, v)),
                          'unit',
                        ),
                        rejected: pct(r.pattern.rejectedShare),
                        accepted: pct(r.pattern.acceptedShare),
                      })}
                    </div>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      );
    case 'offers':
      return d.movers.length === 0 ? (
        <p className="muted">{t('review.agenda.noMovers')}</p>
      ) : (
        <table className="review-table compact">
          <thead>
            <tr>
              <th>{t('review.agenda.offer')}</th>
              <th className="num">{t('review.agenda.mqlsChange')}</th>
              <th className="num">{t('review.agenda.salBefore')}</th>
              <th className="num">{t('review.agenda.sal')}</th>
              <th className="num">{t('review.agenda.wonBefore')}</th>
              <th className="num">{t('review.agenda.won')}</th>
            </tr>
          </thead>
          <tbody>
            {d.movers.map((m) => (
              <tr key={m.key ?? m.label}>
                <td>
                  {m.label}
                  {moverIsChance(m) ? (
                    <div className="muted" data-testid="mover-chance">
                      {t('review.agenda.chance')}
                    </div>
                  ) : null}
                </td>
                <td className="num">{t('review.agenda.mqlsFromTo', { before: m.prevMqls, after: m.mqls })}</td>
                <td className="num">{pct(m.prevSalRate)}</td>
                <td className={`num ${m.salChange >= 0 ? 'up' : 'down'}`}>{pct(m.salRate)}</td>
                <td className="num">{pct(m.prevWonRate)}</td>
                <td className="num">{pct(m.wonRate)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      );
    case 'sla':
      return (
        <p>
          {t('review.agenda.sla', { breached: d.breached, handoffs: d.handoffs, rate: pct(d.breachRate) })}
          {d.reps.length
            ? ` ${list(d.reps.map((r) => t('common.withCount', { label: r.repName, count: num(r.breached) })))}`
            : ''}
        </p>
      );
    case 'lift':
      return d.rules.length === 0 ? (
        <p className="muted">{t('review.agenda.noWeakRules')}</p>
      ) : (
        <table className="review-table compact">
          <thead>
            <tr>
              <th>{t('review.agenda.rule')}</th>
              <th className="num">{t('review.agenda.mqls')}</th>
              <th className="num">{t('review.agenda.winRate')}</th>
              <th className="num">{t('review.agenda.lift')}</th>
            </tr>
          </thead>
          <tbody>
            {d.rules.map((r) => (
              <tr key={r.ruleId}>
                <td>{r.label}</td>
                <td className="num">{num(r.n)}</td>
                <td className="num">{pct(r.winRate)}</td>
                <td className="num">
                  {r.lift === null ? '—' : intl.formatNumber(r.lift, { maximumFractionDigits: 2 })}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      );
    case 'proposals':
      return <p className="muted">{t('review.agenda.proposals', { count: review.proposals.length })}</p>;
    case 'custom':
      return null;
  }
}
