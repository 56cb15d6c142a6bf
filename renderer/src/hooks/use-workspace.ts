import { useQuery } from '@tanstack/react-query';
import { workspace } from '../../../shared/contracts/workspace.js';
import { call } from '../api.js';
import { keys } from './keys.js';

export function useWorkspaceInfo() {
  return useQuery({ queryKey: keys.workspaceInfo(), queryFn: () => call(workspace.info, {}) });
}
