import { homedir } from 'node:os';
import { join } from 'node:path';

/** The user's default workspace: LEADPACT_WORKSPACE, else the platform's per-user data folder. */
export function defaultWorkspacePath(env: NodeJS.ProcessEnv = process.env, platform = process.platform): string {
  if (env.LEADPACT_WORKSPACE) return env.LEADPACT_WORKSPACE;
  const home = homedir();
  const base =
    platform === 'win32'
      ? (env.APPDATA ?? join(home, 'AppData', 'Roaming'))
      : platform === 'darwin'
        ? join(home, 'Library', 'Application Support')
        : (env.XDG_DATA_HOME ?? join(home, '.local', 'share'));
  return join(base, 'LeadPact', 'workspace.db');
}
