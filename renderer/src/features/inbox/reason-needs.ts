import type { Decision } from '../../../../shared/contracts/handoffs.js';
import type { RejectionReason } from '../../../../shared/contracts/reasons.js';

export type RejectDecision = Extract<Decision, { decision: 'reject' }>;

/** What a reason asks of the rep before it can be confirmed. */
export interface ReasonNeeds {
  comment: boolean;
  date: boolean;
  rep: boolean;
}

export function reasonNeeds(r: RejectionReason): ReasonNeeds {
  return {
    comment: r.commentRequired,
    date: r.action === 'recycle' && r.reopenKind !== null,
    rep: r.action === 'reroute',
  };
}

export const needsNothing = (n: ReasonNeeds): boolean => !n.comment && !n.date && !n.rep;

/**
 * Number keys pick reasons 1…N. A digit confirms at once when no longer number starts with it;
 * with 13 reasons, "1" could be the start of 10–13, so it waits a moment for a second digit.
 */
export function resolveDigits(buffer: string, count: number): { index: number | null; ambiguous: boolean } {
  const n = Number(buffer);
  if (!Number.isInteger(n) || n < 1 || n > count) return { index: null, ambiguous: false };
  const longer = n * 10 <= count;
  return { index: n - 1, ambiguous: longer };
}

/** "2026-12-24" in the user's own calendar, for a date input. */
export function toDateInput(ms: number): string {
  const d = new Date(ms);
  const pad = (x: number) => String(x).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

/** The start of that day in the user's time zone, as ms UTC; null for anything that is not a date. */
export function fromDateInput(value: string): number | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!m) return null;
  const d = new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  return Number.isNaN(d.getTime()) ? null : d.getTime();
}

/** A recycle's default re-open date: three months on, which the rep confirms or changes. */
export const DEFAULT_REOPEN_DAYS = 90;
