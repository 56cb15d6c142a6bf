import type { VersionSummary } from '../../../../shared/contracts/criteria.js';
import { useT } from '../../i18n/index.js';
import { displayStatus, STATUS_LABEL } from './labels.js';

export function StatusBadge({ version }: { version: Pick<VersionSummary, 'status' | 'effectiveFrom'> }) {
  const t = useT();
  const status = displayStatus(version);
  return (
    <span className="badge status-badge" data-status={status} data-testid="version-status">
      {t(STATUS_LABEL[status])}
    </span>
  );
}
