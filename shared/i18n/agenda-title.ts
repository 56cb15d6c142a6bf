import type { AgendaItem } from '../contracts/reviews.js';

/**
 * The title a drafted agenda item is shown with, in the reader's language: it is stored in English
 * when drafted (the CLI and old packs read it), but says only what its kind and quarter say. An item
 * added by hand keeps the words it was given (null here).
 */
export function agendaTitleMessage(item: AgendaItem, quarter: string): { id: string; values: Record<string, string> } | null {
  const d = item.data;
  if (d.kind === 'custom') return null;
  if (d.kind === 'funnel') return { id: 'review.agendaTitle.funnel', values: { quarter, previous: d.previousQuarter } };
  return { id: `review.agendaTitle.${d.kind}`, values: {} };
}
