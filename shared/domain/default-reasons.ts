/**
 * The default rejection-reason taxonomy of PRODUCT.md (editable per workspace) and a default list of
 * opportunity loss reasons. Codes are stable identifiers; labels are what reps see.
 */

export type ReasonBlame = 'fit' | 'engagement' | 'data' | 'routing';
export type ReasonAction = 'disqualify' | 'recycle' | 'reroute';
/** How a recycle sets its re-open date: a chosen date (bad timing) or the competitor's renewal. */
export type ReopenKind = 'date' | 'renewal';

export interface DefaultRejectionReason {
  readonly code: string;
  readonly label: string;
  readonly blame: ReasonBlame;
  readonly action: ReasonAction;
  readonly commentRequired: boolean;
  readonly reopenKind: ReopenKind | null;
}

const reason = (
  code: string,
  label: string,
  blame: ReasonBlame,
  action: ReasonAction,
  extra: { commentRequired?: boolean; reopenKind?: ReopenKind } = {},
): DefaultRejectionReason => ({
  code,
  label,
  blame,
  action,
  commentRequired: extra.commentRequired ?? false,
  reopenKind: extra.reopenKind ?? null,
});

/** In the order of PRODUCT.md; the position in this list is the default display order. */
export const DEFAULT_REJECTION_REASONS: readonly DefaultRejectionReason[] = [
  reason('invalid_contact', 'Invalid or unreachable contact', 'data', 'disqualify'),
  reason('duplicate', 'Duplicate or already in an open deal', 'routing', 'reroute'),
  reason('existing_customer', 'Existing customer or partner', 'routing', 'reroute'),
  reason('not_a_buyer', 'Not a buyer (competitor, vendor, student, spam)', 'data', 'disqualify'),
  reason('outside_icp', 'Company outside ICP (size, industry)', 'fit', 'disqualify'),
  reason('unsupported_geography', 'Unsupported geography', 'fit', 'disqualify'),
  reason('no_authority', 'Wrong persona / no authority', 'fit', 'recycle'),
  reason('no_need', 'No need identified', 'engagement', 'recycle'),
  reason('no_budget', 'No budget', 'fit', 'recycle'),
  reason('bad_timing', 'Bad timing', 'engagement', 'recycle', { reopenKind: 'date' }),
  reason('already_solved', 'Already solved (competitor or in-house)', 'fit', 'recycle', { reopenKind: 'renewal' }),
  reason('no_response', 'No response after the agreed contact attempts', 'engagement', 'recycle'),
  reason('other', 'Other', 'engagement', 'recycle', { commentRequired: true }),
];

export interface DefaultLossReason {
  readonly code: string;
  readonly label: string;
}

export const DEFAULT_LOSS_REASONS: readonly DefaultLossReason[] = [
  { code: 'price', label: 'Price' },
  { code: 'competitor', label: 'Lost to competitor' },
  { code: 'no_decision', label: 'No decision / status quo' },
  { code: 'timing', label: 'Timing' },
  { code: 'missing_feature', label: 'Missing feature' },
  { code: 'budget_cut', label: 'Budget cut' },
];
