import { v7 } from 'uuid';

/** Time-ordered ids made on this laptop, so rows from many laptops never clash when synced. */
export const newId = (): string => v7();
export const now = (): number => Date.now();
