/**
 * A rate as a person types it: "0.92", or "0,92" from a keyboard whose decimal mark is a comma
 * (Czech, Danish, Dutch, Polish). A positive finite number, else null.
 */
export function parseRate(text: string): number | null {
  const t = text.trim();
  if (!/^[0-9]+(?:[.,][0-9]+)?$/.test(t)) return null;
  const n = Number(t.replace(',', '.'));
  return Number.isFinite(n) && n > 0 ? n : null;
}
