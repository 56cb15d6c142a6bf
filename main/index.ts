import { app, BrowserWindow, dialog, ipcMain, session, shell, type Session, type WebContents } from 'electron';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { openWorkspace, type Db } from './db/connection.js';
import type { Ctx } from './rpc/context.js';
import { createRegistry } from './rpc/registry.js';
import { seedDemoIfEmpty } from './services/first-run.js';
import { applyDueReopens } from './services/recycle.js';
import { rescoreIfStale } from './jobs/rescore-on-start.js';
import { appUrlChecker, createEmitter, registerIpc, savePdfListener, type AppUrlCheck } from './ipc.js';
import { createMainWindow, RENDERER_INDEX_HTML } from './window.js';

/*
 * The Electron entry: a thin shell around the same services the CLI and the harness use.
 * It opens the workspace, serves the registry over IPC, opens the window, and locks the
 * renderer down (no permissions, no navigation, no new windows, no webviews).
 */

/** Schemes a link may open in the user's own apps, through shell.openExternal only. */
export const EXTERNAL_SCHEMES: ReadonlySet<string> = new Set(['https:', 'http:', 'mailto:']);

export function isAllowedExternalUrl(url: string): boolean {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return false;
  }
  if (!EXTERNAL_SCHEMES.has(u.protocol)) return false;
  if (u.protocol === 'mailto:') return u.pathname.length > 0;
  return u.hostname.length > 0 && !u.username && !u.password;
}

/** `--workspace <path>` or `--workspace=<path>`, then LEADPACT_WORKSPACE, then userData/workspace.db. */
export function resolveWorkspacePath(argv: readonly string[], env: NodeJS.ProcessEnv, userData: string): string {
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--workspace' && argv[i + 1]) return resolve(argv[i + 1] as string);
    if (arg?.startsWith('--workspace=') && arg.length > '--workspace='.length) return resolve(arg.slice('--workspace='.length));
  }
  if (env.LEADPACT_WORKSPACE) return resolve(env.LEADPACT_WORKSPACE);
  return join(userData, 'workspace.db');
}

/** Refuse every permission (camera, notifications, geolocation, ...): the app needs none. */
export function hardenSession(ses: Pick<Session, 'setPermissionRequestHandler' | 'setPermissionCheckHandler'>): void {
  ses.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  ses.setPermissionCheckHandler(() => false);
}

/** No new windows, no navigation away from the app, no webviews; allowed links open outside. */
export function hardenWebContents(
  contents: WebContents,
  isAppUrl: AppUrlCheck,
  openExternal: (url: string) => Promise<void>,
): void {
  const openOutside = (url: string): void => {
    if (isAllowedExternalUrl(url)) openExternal(url).catch((e: unknown) => console.error('[shell] openExternal failed:', e));
  };
  contents.setWindowOpenHandler(({ url }) => {
    openOutside(url);
    return { action: 'deny' };
  });
  contents.on('will-navigate', (event) => {
    if (isAppUrl(event.url)) return;
    event.preventDefault();
    openOutside(event.url);
  });
  contents.on('will-frame-navigate', (event) => {
    if (!isAppUrl(event.url)) event.preventDefault();
  });
  contents.on('will-redirect', (event) => {
    if (!isAppUrl(event.url)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
}

let mainWindow: BrowserWindow | null = null;
let openWindow: (() => BrowserWindow) | null = null;
let db: Db | null = null;

/** Open the window, or bring the existing one forward; a no-op until the workspace is open. */
function showMainWindow(): void {
  if (!openWindow) return;
  if (!mainWindow || mainWindow.isDestroyed()) {
    mainWindow = openWindow();
    return;
  }
  if (mainWindow.isMinimized()) mainWindow.restore();
  mainWindow.focus();
}

async function start(): Promise<void> {
  app.enableSandbox();
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return;
  }
  app.on('second-instance', () => showMainWindow());

  // ELECTRON_RENDERER_URL is electron-vite's dev server; a packaged app never loads a remote URL.
  const devUrl = app.isPackaged ? undefined : process.env.ELECTRON_RENDERER_URL;
  const isAppUrl = appUrlChecker({ devUrl, indexHtml: RENDERER_INDEX_HTML });
  app.on('web-contents-created', (_event, contents) =>
    hardenWebContents(contents, isAppUrl, (url) => shell.openExternal(url)),
  );

  await app.whenReady();
  hardenSession(session.defaultSession);

  const path = resolveWorkspacePath(process.argv, process.env, app.getPath('userData'));
  try {
    mkdirSync(dirname(path), { recursive: true });
    db = openWorkspace(path, { create: true });
  } catch (e) {
    dialog.showErrorBox('LeadPact cannot open its workspace', `${path}\n\n${e instanceof Error ? e.message : String(e)}`);
    app.quit();
    return;
  }
  try {
    await seedDemoIfEmpty(db);
  } catch (e) {
    // An empty workspace still works; the user can import their own data.
    console.error('[first-run] could not fill the demo workspace:', e);
  }
  // Recycled leads whose re-open date passed while the app was closed are nurture again; a failure
  // here leaves them recycled until the next rescore, which applies re-opens too.
  try {
    applyDueReopens(db);
  } catch (e) {
    console.error('[recycle] could not apply due re-opens:', e);
  }

  const ctx: Ctx = {
    db,
    path,
    emit: createEmitter(() => BrowserWindow.getAllWindows().map((w) => w.webContents)),
  };
  registerIpc(ipcMain, createRegistry(), () => ctx, isAppUrl);
  try {
    rescoreIfStale(ctx);
  } catch (e) {
    // The app works on the stored scores; the user can rescore from Criteria.
    console.error('[rescore] could not start the rescore of stale scores:', e);
  }
  // The review pack prints the window itself (printToPDF), which the shared registry cannot reach.
  ipcMain.removeHandler('reviews:savePdf');
  ipcMain.handle(
    'reviews:savePdf',
    savePdfListener({
      isAppUrl,
      getCtx: () => ctx,
      chooseFile: async (name) => {
        const r = await dialog.showSaveDialog({ defaultPath: name, filters: [{ name: 'PDF', extensions: ['pdf'] }] });
        return r.canceled || !r.filePath ? null : r.filePath;
      },
      writeFile: (p, data) => writeFileSync(p, data),
    }),
  );

  openWindow = () => createMainWindow({ devUrl });
  showMainWindow();
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) showMainWindow();
  });
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  app.on('will-quit', () => {
    if (db?.open) db.close();
  });
}

/** Settles once the app is up (or has given up); tests await it with `electron` mocked. */
export const started: Promise<void> = start().catch((e: unknown) => {
  console.error('[main] start failed:', e);
  dialog.showErrorBox('LeadPact failed to start', e instanceof Error ? e.message : String(e));
  app.quit();
});
