import type { IntlShape } from 'react-intl';

/**
 * 1536 → "1.5 kB", 47 → "47 bytes": sizes in the units people read them in. Bytes are a counted
 * noun (import.size.bytes, an ICU plural: Intl's "byte" unit says "47 byte" in English); the larger
 * units are Intl's abbreviations, which take no plural.
 */
export function formatBytes(intl: IntlShape, bytes: number): string {
  if (bytes < 1024)
    return intl.formatMessage({ id: 'import.size.bytes' }, { count: bytes, bytes: intl.formatNumber(bytes) });
  const units = ['kilobyte', 'megabyte', 'gigabyte'] as const;
  let v = bytes / 1024;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return intl.formatNumber(v, { style: 'unit', unit: units[i], unitDisplay: 'short', maximumFractionDigits: 1 });
}
