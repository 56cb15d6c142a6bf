import { keepPreviousData, queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { criteria, type VersionDetail } from '../../../shared/contracts/criteria.js';
import type { InputOf } from '../../../shared/contracts/method.js';
import { call } from '../api.js';
import { keys } from './keys.js';
import { invalidateForTables } from './use-data-events.js';

export type RuleDraft = InputOf<typeof criteria.saveRule>['rule'];

export const versionsListOptions = () =>
  queryOptions({ queryKey: keys.criteriaList(), queryFn: () => call(criteria.list, {}) });

export function useVersions() {
  return useQuery(versionsListOptions());
}

export function useVersion(id: string | null) {
  return useQuery({
    queryKey: keys.criteriaVersion(id ?? ''),
    queryFn: () => call(criteria.get, { id: id! }),
    enabled: id !== null,
  });
}

export function useVersionDiff(fromId: string | null, toId: string | null) {
  return useQuery({
    queryKey: keys.criteriaDiff(fromId ?? '', toId ?? ''),
    queryFn: () => call(criteria.diff, { fromId: fromId!, toId: toId! }),
    enabled: fromId !== null && toId !== null && fromId !== toId,
  });
}

/** "This rule matches N leads, avg +P points"; `rule` null while the form is invalid. */
export function useRulePreview(rule: RuleDraft | null) {
  return useQuery({
    queryKey: keys.rulePreview(rule),
    queryFn: () => call(criteria.preview, { rule: rule! }),
    enabled: rule !== null,
    placeholderData: keepPreviousData,
    staleTime: 60_000,
  });
}

/**
 * Every criteria change answers with the version as it now is: put it in the cache at once, then
 * let the list, diffs and explanations refetch (the data:changed event does the same elsewhere).
 */
function useVersionMutation<I>(fn: (input: I) => Promise<VersionDetail>, extra?: () => void) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSuccess: (v) => {
      client.setQueryData(keys.criteriaVersion(v.id), v);
      invalidateForTables(client, ['criteria_versions']);
      extra?.();
    },
  });
}

export function useCreateDraft() {
  return useVersionMutation((input: InputOf<typeof criteria.createDraft>) => call(criteria.createDraft, input));
}

export function useUpdateDraft() {
  return useVersionMutation((input: InputOf<typeof criteria.updateDraft>) => call(criteria.updateDraft, input));
}

export function useSaveRule() {
  return useVersionMutation((input: InputOf<typeof criteria.saveRule>) => call(criteria.saveRule, input));
}

export function useRemoveRule() {
  return useVersionMutation((input: InputOf<typeof criteria.removeRule>) => call(criteria.removeRule, input));
}

export function usePropose() {
  return useVersionMutation((id: string) => call(criteria.propose, { id }));
}

export function useDecide() {
  return useVersionMutation((input: InputOf<typeof criteria.decide>) => call(criteria.decide, input));
}

export function useActivate() {
  const client = useQueryClient();
  // Going live starts a rescore: ask for the job list too, in case its first event was missed.
  return useVersionMutation(
    (input: InputOf<typeof criteria.activate>) => call(criteria.activate, input),
    () => void client.invalidateQueries({ queryKey: keys.jobs }),
  );
}

export function useImportVersion() {
  return useVersionMutation((content: string) => call(criteria.importVersion, { content }));
}

export function useRescore() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => call(criteria.rescore, { id }),
    onSuccess: () => void client.invalidateQueries({ queryKey: keys.jobs }),
  });
}

/** Hand a text file to the user: a Blob behind an <a download>, in the browser and in Electron alike. */
export function downloadText(filename: string, content: string, type: string): void {
  const url = URL.createObjectURL(new Blob([content], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  a.rel = 'noopener';
  a.style.display = 'none';
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export function useExportVersion() {
  return useMutation({
    mutationFn: async (input: InputOf<typeof criteria.exportVersion>) => {
      const file = await call(criteria.exportVersion, input);
      downloadText(file.filename, file.content, input.format === 'json' ? 'application/json' : 'text/markdown');
      return file;
    },
  });
}
