import { useCallback } from 'react';
import { touchpointTypeId } from '../../../shared/i18n/message-ids.js';
import { useT } from './index.js';

export { touchpointTypeId };

/** `touchpointType('webinar')` → "Webinar" in the UI language; an unknown type as stored. */
export function useTouchpointType(): (type: string) => string {
  const t = useT();
  return useCallback(
    (type) => {
      const id = touchpointTypeId(type);
      return id === null ? type : t(id);
    },
    [t],
  );
}
