import { UserRefusalSchema, type User } from '../../../../shared/contracts/users.js';
import { isApiError } from '../../api.js';
import { useErrorText } from '../../components/States.js';
import { useT } from '../../i18n/index.js';

/*
 * The guards of main/services/users.ts, as the Settings screen sees them: it greys out what the
 * service would refuse, and says a refusal it still gets (another window, a synced change) in the
 * UI's language from the error's `details` rather than the service's English.
 */

/** Whether roles and teams are closed to the current user: once a workspace has an owner, only an owner changes them. */
export function rolesLocked(current: User | null | undefined, users: readonly User[]): boolean {
  return current?.role !== 'owner' && users.some((u) => u.role === 'owner');
}

/** A translated sentence for a refused users:create/update/remove; `name` is the user it was about. */
export function useUserErrorText(): (error: unknown, name?: string) => string {
  const t = useT();
  const errorText = useErrorText();
  return (error, name) => {
    const refusal = isApiError(error) ? UserRefusalSchema.safeParse(error.details) : null;
    if (refusal?.success) {
      if (refusal.data.code === 'owner_only') return t('users.error.ownerOnly');
      if (name !== undefined) return t(`users.error.lastOwner.${refusal.data.team}`, { name });
    }
    return errorText(error);
  };
}
