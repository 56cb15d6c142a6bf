import { useId, type ReactNode } from 'react';
import type { MetricKey } from '../../../../shared/domain/metric-definitions.js';
import { useT } from '../../i18n/index.js';

/**
 * A metric's name with its one-line definition (catalogue id metric.<key>; its English text is
 * shared/domain/metric-definitions.ts, the one the README lists): an info button that shows it on hover and on keyboard focus, and names it to
 * screen readers through aria-describedby, so it is never hover-only.
 */
export function MetricLabel({ metric, children }: { metric: MetricKey; children: ReactNode }) {
  const t = useT();
  const id = useId();
  const text = t(`metric.${metric}`);
  return (
    <span className="metric-label">
      {children}
      <span className="metric-info">
        <button
          type="button"
          className="metric-info-btn"
          aria-label={t('report.definition')}
          aria-describedby={id}
          title={text}
          data-testid={`metric-info-${metric}`}
          onClick={(e) => e.stopPropagation()}
        >
          <span aria-hidden="true">i</span>
        </button>
        <span id={id} role="tooltip" className="metric-tip" data-testid={`metric-tip-${metric}`}>
          {text}
        </span>
      </span>
    </span>
  );
}
