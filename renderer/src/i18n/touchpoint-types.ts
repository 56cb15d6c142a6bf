import { useCallback } from 'react';
import { OfferTypeSchema } from '../../../shared/contracts/common.js';
import { useT } from './index.js';

/*
 * A touchpoint's type is the offer-type vocabulary plus the activities the app itself records
 * (site visits, email opens). An imported type outside these is the source system's word and is
 * shown as stored.
 */
const OFFER_TYPES: ReadonlySet<string> = new Set(OfferTypeSchema.options);
const ACTIVITY_TYPES: ReadonlySet<string> = new Set(['visit', 'email_open']);

export function touchpointTypeId(type: string): string | null {
  if (OFFER_TYPES.has(type)) return `offerType.${type}`;
  if (ACTIVITY_TYPES.has(type)) return `touchpointType.${type}`;
  return null;
}

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
