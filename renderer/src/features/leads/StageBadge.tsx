import type { Stage } from '../../../../shared/contracts/common.js';
import { useT } from '../../i18n/index.js';

/** The lifecycle stage as a coloured badge that still says its name (colour is never the only cue). */
export function StageBadge({ stage }: { stage: Stage }) {
  const t = useT();
  return (
    <span className="badge stage-badge" data-stage={stage}>
      {t(`stage.${stage}`)}
    </span>
  );
}
