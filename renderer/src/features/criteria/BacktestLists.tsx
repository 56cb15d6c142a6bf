import { useIntl } from 'react-intl';
import type { BacktestResult } from '../../../../shared/contracts/backtest.js';
import { useT } from '../../i18n/index.js';
import { useMoney } from '../../hooks/use-currency.js';
import { useReasonLabel } from '../../i18n/reason-labels.js';

type Missed = BacktestResult['candidate']['missedWon']['leads'][number];

/**
 * Why a won deal would not have been an MQL. A lead the compared version did make an MQL is
 * explained against it: the points it lost there, by rule, or the higher threshold; what it never
 * had (rules that gave it nothing under both) is no reason. Otherwise: how far short it fell and
 * the rules that could still have scored. Results from before `lost` was kept fall back to the latter.
 */
function MissedWhy({ lead: l, otherNumber }: { lead: Missed; otherNumber: number | null }) {
  const t = useT();
  const intl = useIntl();
  if (l.disqualifiedBy) return <>{t('backtest.missed.disqualified', { rule: l.disqualifiedBy })}</>;
  const short = t('backtest.missed.short', { count: Math.round((l.shortBy ?? 0) * 100) / 100 });
  const versus: string[] = [];
  if (otherNumber !== null && l.otherCaught) {
    if (l.lost && l.lost.rules.length > 0) {
      const rules = intl.formatList(l.lost.rules.map((r) => t('backtest.missed.lostRule', { rule: r.label, points: r.points })));
      versus.push(t('backtest.missed.lost', { count: l.lost.points, rules, number: otherNumber }));
    }
    if (l.threshold) versus.push(t('backtest.missed.thresholdRose', { from: l.threshold.from, to: l.threshold.to, number: otherNumber }));
  }
  if (versus.length > 0) {
    return (
      <>
        {short}
        <span data-testid="backtest-missed-lost"> · {versus.join(' · ')}</span>
      </>
    );
  }
  return (
    <>
      {short}
      {l.unmet.length > 0 ? <span className="muted"> · {t('backtest.missed.unmet', { rules: intl.formatList(l.unmet) })}</span> : null}
    </>
  );
}

/** The won deals the version would have missed (with why) and the rejected leads it would have avoided. */
export function BacktestLists({ result }: { result: BacktestResult }) {
  const t = useT();
  const intl = useIntl();
  const reasonLabel = useReasonLabel();
  const money = useMoney();
  const num = (x: number) => intl.formatNumber(x, { maximumFractionDigits: 2 });
  const missed = result.candidate.missedWon;
  const avoided = result.candidate.avoidedRejections;
  const hasOther = result.baseline !== null && result.baseline.id !== result.version.id;
  const rejectReasons = result.candidate.rejectReasons;

  return (
    <>
      <section className="card card-wide" aria-labelledby="missed-title" data-testid="backtest-missed">
        <h2 id="missed-title" className="card-title">
          {t('backtest.missed.title', { count: missed.count, countText: intl.formatNumber(missed.count) })}
        </h2>
        <p className="muted card-hint">{t('backtest.missed.hint', { revenue: money(missed.revenue) })}</p>
        {missed.leads.length === 0 ? (
          <p className="muted" data-testid="backtest-missed-empty">
            {t('backtest.missed.none')}
          </p>
        ) : (
          <table className="simple-table" data-testid="backtest-missed-table">
            <thead>
              <tr>
                <th scope="col">{t('backtest.col.lead')}</th>
                <th scope="col" className="align-end">
                  {t('backtest.col.revenue')}
                </th>
                <th scope="col" className="align-end">
                  {t('backtest.col.score')}
                </th>
                <th scope="col">{t('backtest.col.why')}</th>
                {hasOther ? <th scope="col">{t('backtest.col.other', { number: result.baseline!.number })}</th> : null}
              </tr>
            </thead>
            <tbody>
              {missed.leads.map((l) => (
                <tr key={l.leadId} data-testid="backtest-missed-row" data-lead-id={l.leadId}>
                  <td>
                    <span className="strong">{l.name || l.company}</span>
                    {l.name && l.company ? <span className="muted"> · {l.company}</span> : null}
                  </td>
                  <td className="align-end num">{money(l.revenue)}</td>
                  <td className="align-end num">{num(l.total)}</td>
                  <td data-testid="backtest-missed-why">
                    <MissedWhy lead={l} otherNumber={hasOther ? result.baseline!.number : null} />
                  </td>
                  {hasOther ? <td>{l.otherCaught ? t('backtest.missed.caught') : t('backtest.missed.alsoMissed')}</td> : null}
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {missed.count > missed.leads.length ? <p className="muted">{t('backtest.list.more', { shown: missed.leads.length, total: missed.count })}</p> : null}
      </section>
      <section className="card card-wide" aria-labelledby="avoided-title" data-testid="backtest-avoided">
        <h2 id="avoided-title" className="card-title">
          {t('backtest.avoided.title', { count: avoided.count, countText: intl.formatNumber(avoided.count) })}
        </h2>
        <p className="muted card-hint">{t('backtest.avoided.hint')}</p>
        {avoided.byReason.length > 0 ? (
          <p data-testid="backtest-avoided-reasons">
            {intl.formatList(avoided.byReason.map((r) => t('backtest.reasonCount', { reason: reasonLabel('rejection', r.label, r.code), count: r.count })))}
          </p>
        ) : (
          <p className="muted">{t('backtest.avoided.none')}</p>
        )}
        {avoided.leads.length > 0 ? (
          <table className="simple-table" data-testid="backtest-avoided-table">
            <thead>
              <tr>
                <th scope="col">{t('backtest.col.lead')}</th>
                <th scope="col" className="align-end">
                  {t('backtest.col.score')}
                </th>
                <th scope="col">{t('backtest.col.reason')}</th>
              </tr>
            </thead>
            <tbody>
              {avoided.leads.map((l) => (
                <tr key={l.leadId} data-testid="backtest-avoided-row">
                  <td>
                    <span className="strong">{l.name || l.company}</span>
                    {l.name && l.company ? <span className="muted"> · {l.company}</span> : null}
                  </td>
                  <td className="align-end num">{num(l.total)}</td>
                  <td>{l.reasonLabel === null ? '—' : reasonLabel('rejection', l.reasonLabel, l.reasonCode)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : null}
        {rejectReasons.length > 0 ? (
          <p className="muted" data-testid="backtest-reject-reasons">
            {t('backtest.rejectedAnyway', {
              reasons: intl.formatList(rejectReasons.map((r) => t('backtest.reasonCount', { reason: reasonLabel('rejection', r.label, r.code), count: r.count }))),
            })}
          </p>
        ) : null}
      </section>
    </>
  );
}
