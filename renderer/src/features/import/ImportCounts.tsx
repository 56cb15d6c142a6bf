import { useIntl } from 'react-intl';
import type { ImportCountsDto } from '../../../../shared/contracts/imports.js';
import { useT } from '../../i18n/index.js';

const ORDER = ['read', 'inserted', 'updated', 'unchanged', 'rejected'] as const;

/** What a run that wrote nothing would have done: "Would insert", not "Inserted". */
const WOULD: Partial<Record<(typeof ORDER)[number], string>> = {
  inserted: 'import.counts.wouldInsert',
  updated: 'import.counts.wouldUpdate',
  unchanged: 'import.counts.wouldKeep',
};

/**
 * Read, inserted, updated, unchanged, rejected: the five numbers every import comes to. `written`
 * false (a check that stopped at rejected rows) says what would have been written.
 */
export function ImportCounts({
  counts,
  testId = 'import-counts',
  written = true,
}: {
  counts: ImportCountsDto;
  testId?: string;
  written?: boolean;
}) {
  const t = useT();
  const intl = useIntl();
  return (
    <dl className="counts" data-testid={testId}>
      {ORDER.map((k) => (
        <div key={k} className={`count count-${k}${counts[k] === 0 ? ' is-zero' : ''}`} data-count={k}>
          <dt>{t(!written && WOULD[k] ? WOULD[k] : `import.counts.${k}`)}</dt>
          <dd data-testid={`count-${k}`}>{intl.formatNumber(counts[k])}</dd>
        </div>
      ))}
    </dl>
  );
}
