import { BrowserWindow, type BrowserWindowConstructorOptions } from 'electron';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/*
 * Where the bundles are, relative to this file once electron-vite has built it into out/main/.
 * The preload is CommonJS (index.cjs) on purpose: a sandboxed preload cannot be an ES module.
 */
const here = dirname(fileURLToPath(import.meta.url));
export const PRELOAD_PATH = join(here, '..', 'preload', 'index.cjs');
export const RENDERER_INDEX_HTML = join(here, '..', 'renderer', 'index.html');

/** The window's options, security checklist included; pure so a test can check every flag. */
export function mainWindowOptions(preloadPath: string): BrowserWindowConstructorOptions {
  return {
    width: 1360,
    height: 860,
    minWidth: 960,
    minHeight: 600,
    title: 'LeadPact',
    show: false,
    backgroundColor: '#ffffff',
    autoHideMenuBar: true,
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      experimentalFeatures: false,
      navigateOnDragDrop: false,
      safeDialogs: true,
      spellcheck: false,
    },
  };
}

export interface WindowTarget {
  /** Dev server URL (ELECTRON_RENDERER_URL), only when the app is not packaged. */
  readonly devUrl?: string | undefined;
  readonly indexHtml?: string;
  readonly preloadPath?: string;
}

/** Create the main window and load the renderer: the dev server in development, else the built file. */
export function createMainWindow(target: WindowTarget = {}): BrowserWindow {
  const win = new BrowserWindow(mainWindowOptions(target.preloadPath ?? PRELOAD_PATH));
  win.once('ready-to-show', () => win.show());
  const loaded = target.devUrl ? win.loadURL(target.devUrl) : win.loadFile(target.indexHtml ?? RENDERER_INDEX_HTML);
  loaded.catch((e: unknown) => console.error('[window] failed to load the renderer:', e));
  return win;
}
