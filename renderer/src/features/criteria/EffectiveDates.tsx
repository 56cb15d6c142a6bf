import { useIntl } from 'react-intl';
import type { VersionSummary } from '../../../../shared/contracts/criteria.js';
import { useT } from '../../i18n/index.js';

/** "since 1 Apr 2026", "1 Jan – 1 Apr 2026", "goes live 1 Oct 2026"; a dash before any date is set. */
export function EffectiveDates({
  version,
}: {
  version: Pick<VersionSummary, 'status' | 'effectiveFrom' | 'effectiveTo'>;
}) {
  const t = useT();
  const intl = useIntl();
  const date = (ms: number) => intl.formatDate(ms, { dateStyle: 'medium' });
  const { effectiveFrom: from, effectiveTo: to } = version;
  if (from === null) return <span className="muted">–</span>;
  const text =
    to !== null
      ? t('criteria.effective.range', { from: date(from), to: date(to) })
      : version.status === 'approved'
        ? t('criteria.effective.scheduled', { from: date(from) })
        : t('criteria.effective.since', { from: date(from) });
  return <span data-testid="version-effective">{text}</span>;
}
