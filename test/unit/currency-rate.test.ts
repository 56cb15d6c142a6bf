import { describe, expect, it } from 'vitest';
import { parseRate } from '../../shared/domain/currency.js';

describe('parseRate', () => {
  it('reads a point or a comma as the decimal mark', () => {
    expect(parseRate('0.92')).toBe(0.92);
    expect(parseRate(' 0,92 ')).toBe(0.92);
    expect(parseRate('12')).toBe(12);
  });
  it('refuses what is not a positive number', () => {
    for (const bad of ['', 'abc', '0', '0,0', '-1', '1.2.3', '1,000.5', '1e3', 'Infinity']) expect(parseRate(bad), bad).toBeNull();
  });
});
