import type { z } from 'zod';
import { UserDraftSchema, type UserDraft } from '../../../../shared/contracts/users.js';
import type { MessageId } from '../../i18n/index.js';

export interface UserFormValues {
  name: string;
  email: string;
  team: UserDraft['team'];
  role: UserDraft['role'];
}

export const EMPTY_USER_FORM: UserFormValues = { name: '', email: '', team: 'marketing', role: 'member' };

export type FieldErrors = Partial<Record<keyof UserFormValues, { id: MessageId | null; fallback: string }>>;

/** The catalogue message for a zod issue on a field; null means "show zod's own message". */
function messageFor(field: string, issue: z.core.$ZodIssue): MessageId | null {
  if (field === 'name' && issue.code === 'too_small') return 'users.form.error.nameRequired';
  if (field === 'name' && issue.code === 'too_big') return 'users.form.error.nameTooLong';
  if (field === 'email' && issue.code === 'invalid_format') return 'users.form.error.emailInvalid';
  if (field === 'email' && issue.code === 'too_big') return 'users.form.error.emailTooLong';
  return null;
}

/**
 * Check the form with the very schema the server applies (UserDraftSchema), so the form cannot
 * accept what the server would refuse, or refuse what it would accept.
 */
export function validateUserForm(
  values: UserFormValues,
): { ok: true; draft: UserDraft } | { ok: false; errors: FieldErrors } {
  const email = values.email.trim();
  const parsed = UserDraftSchema.safeParse({
    name: values.name,
    email: email === '' ? null : email,
    team: values.team,
    role: values.role,
  });
  if (parsed.success) return { ok: true, draft: parsed.data };
  const errors: FieldErrors = {};
  for (const issue of parsed.error.issues) {
    const field = String(issue.path[0] ?? 'name') as keyof UserFormValues;
    if (!errors[field]) errors[field] = { id: messageFor(field, issue), fallback: issue.message };
  }
  return { ok: false, errors };
}
