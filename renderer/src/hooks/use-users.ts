import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { users, type User, type UserDraft } from '../../../shared/contracts/users.js';
import { call } from '../api.js';
import { keys } from './keys.js';
import { invalidateForTables } from './use-data-events.js';

export function useUsers() {
  return useQuery({ queryKey: keys.userList(), queryFn: () => call(users.list, {}) });
}

export function useCurrentUser() {
  return useQuery({ queryKey: keys.currentUser(), queryFn: () => call(users.current, {}) });
}

/**
 * Mutations refresh what they touched as soon as they succeed; the data:changed event does the
 * same for every other window, so a lost event never leaves this one stale.
 */
function useUsersMutation<I, O>(fn: (input: I) => Promise<O>, onDone?: (out: O) => void) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSuccess: (out) => {
      onDone?.(out);
      invalidateForTables(client, ['users']);
    },
  });
}

export function useCreateUser() {
  return useUsersMutation((draft: UserDraft) => call(users.create, draft));
}

export function useUpdateUser() {
  return useUsersMutation((input: { id: string; patch: Partial<UserDraft> }) => call(users.update, input));
}

export function useRemoveUser() {
  return useUsersMutation((id: string) => call(users.remove, { id }));
}

export function useSetCurrentUser() {
  const client = useQueryClient();
  return useUsersMutation(
    (id: string) => call(users.setCurrent, { id }),
    (user: User) => client.setQueryData(keys.currentUser(), user),
  );
}
