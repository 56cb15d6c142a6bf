import { queryOptions, useQuery } from '@tanstack/react-query';
import { workspace } from '../../../shared/contracts/workspace.js';
import { call } from '../api.js';
import { keys } from './keys.js';

export const workspaceInfoOptions = () =>
  queryOptions({ queryKey: keys.workspaceInfo(), queryFn: () => call(workspace.info, {}) });

export function useWorkspaceInfo() {
  return useQuery(workspaceInfoOptions());
}
