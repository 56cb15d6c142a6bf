import { useIntl } from 'react-intl';
import type { Approval } from '../../../../shared/contracts/criteria.js';
import { useT } from '../../i18n/index.js';

/** Who signed (or rejected), for which team, and when; a rejection shows its reason. */
export function Approvals({ approvals, compact = false }: { approvals: readonly Approval[]; compact?: boolean }) {
  const t = useT();
  const intl = useIntl();
  if (approvals.length === 0) return <span className="muted">{t('criteria.approvals.none')}</span>;
  return (
    <ul className={`approvals${compact ? ' is-compact' : ''}`} data-testid="approvals">
      {approvals.map((a) => (
        <li key={a.id} className="approval" data-team={a.team} data-decision={a.decision} data-testid="approval">
          <span className={`approval-mark is-${a.decision}`} aria-hidden="true">
            {a.decision === 'approve' ? '✓' : '✕'}
          </span>
          <span>
            {t(a.decision === 'approve' ? 'criteria.approvals.approved' : 'criteria.approvals.rejected', {
              name: a.userName,
              team: t(`team.${a.team}`),
            })}{' '}
            <time className="muted" dateTime={new Date(a.at).toISOString()}>
              {intl.formatDate(a.at, { dateStyle: 'medium' })}
            </time>
            {a.comment && !compact ? <span className="approval-comment">{a.comment}</span> : null}
          </span>
        </li>
      ))}
    </ul>
  );
}
