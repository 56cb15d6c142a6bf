import type { z } from 'zod';
import type { OutcomeDraft } from '../../../../shared/contracts/outcomes.js';
import { isApiError } from '../../api.js';
import type { Translate } from '../../i18n/index.js';

/**
 * The outcome form's errors in the UI language. The schema's own messages are English because the
 * server and the CLI share it; here each issue is told apart by its field and the draft's values,
 * not by its wording, so a reworded message does not silently fall back to English.
 */
export function outcomeIssueText(issue: z.core.$ZodIssue, draft: OutcomeDraft, t: Translate): string {
  const field = String(issue.path[0] ?? '');
  switch (field) {
    case 'lead':
      if (draft.lead.email === '' || draft.lead.externalId === '') return t('outcomes.error.leadMissing');
      if (issue.path[1] === 'email') return t('outcomes.error.email');
      return t('outcomes.error.lead');
    case 'amount':
      return t(draft.amount !== null && Number.isNaN(draft.amount) ? 'outcomes.error.amountNumber' : 'outcomes.error.amountNegative');
    case 'closedAt':
      if (draft.result !== 'open' && draft.closedAt === null) return t(`outcomes.error.closeNeeded.${draft.result}`);
      return t('outcomes.error.closeBeforeOpen');
    case 'openedAt':
      return t('outcomes.error.date');
    case 'externalId':
    case 'competitor':
      return t('outcomes.error.tooLong');
    default:
      return issue.message;
  }
}

/** A server refusal the form knows how to word; null leaves it to the generic error text. */
export function outcomeFailureText(error: unknown, t: Translate): string | null {
  if (!isApiError(error)) return null;
  const d = error.details as { code?: unknown } | null | undefined;
  if (d && d.code === 'duplicate_outcome') return t('outcomes.error.duplicate');
  if (d && d.code === 'no_lead') return t('outcomes.error.noLead');
  if (d && d.code === 'ambiguous_lead') return t('outcomes.error.ambiguousLead');
  if (d && (d as { path?: unknown }).path === 'externalId' && error.kind === 'conflict') return t('outcomes.error.externalIdTaken');
  return null;
}
