import { useCallback } from 'react';
import { defaultReasonId, type ReasonKind } from '../../../shared/i18n/message-ids.js';
import { useT } from './index.js';

export { defaultReasonId, type ReasonKind };

export type ReasonLabel = (kind: ReasonKind, label: string, code?: string | null) => string;

/** `reasonLabel('rejection', r.label, r.code)`: what the UI shows for a stored reason label. */
export function useReasonLabel(): ReasonLabel {
  const t = useT();
  return useCallback(
    (kind, label, code) => {
      const id = defaultReasonId(kind, label, code);
      return id === null ? label : t(id);
    },
    [t],
  );
}
