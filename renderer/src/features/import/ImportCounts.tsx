import { useIntl } from 'react-intl';
import type { ImportCountsDto } from '../../../../shared/contracts/imports.js';
import { useT } from '../../i18n/index.js';

const ORDER = ['read', 'inserted', 'updated', 'unchanged', 'rejected'] as const;

/** Read, inserted, updated, unchanged, rejected: the five numbers every import comes to. */
export function ImportCounts({ counts, testId = 'import-counts' }: { counts: ImportCountsDto; testId?: string }) {
  const t = useT();
  const intl = useIntl();
  return (
    <dl className="counts" data-testid={testId}>
      {ORDER.map((k) => (
        <div key={k} className={`count count-${k}${counts[k] === 0 ? ' is-zero' : ''}`} data-count={k}>
          <dt>{t(`import.counts.${k}`)}</dt>
          <dd data-testid={`count-${k}`}>{intl.formatNumber(counts[k])}</dd>
        </div>
      ))}
    </dl>
  );
}
