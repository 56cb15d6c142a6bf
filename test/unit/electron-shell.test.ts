import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { CHANNELS } from '../../shared/contracts/index.js';
import { EVENT_NAMES } from '../../shared/contracts/events.js';
import { appUrlChecker, createEmitter, registerIpc, type InvokeListener, type IpcMainLike } from '../../main/ipc.js';
import { createRegistry } from '../../main/rpc/registry.js';
import { createMainWindow, mainWindowOptions, PRELOAD_PATH, RENDERER_INDEX_HTML } from '../../main/window.js';
import { createTestDb, type TestDb } from '../helpers/test-db.js';

/*
 * The Electron shell cannot run here (no Electron binary), so `electron` is replaced by fakes that
 * record what the shell asks of it: window options, IPC registrations, permission and navigation
 * handlers, what the preload exposes.
 */

type Fn = (...args: never[]) => unknown;
type AnyListener = (...args: unknown[]) => unknown;

const fx = vi.hoisted(() => {
  const appListeners = new Map<string, ((...args: unknown[]) => unknown)[]>();
  const windows: FakeBrowserWindow[] = [];
  class FakeWebContents {
    send = vi.fn();
    isDestroyed = vi.fn(() => false);
  }
  class FakeBrowserWindow {
    static getAllWindows = (): FakeBrowserWindow[] => windows.filter((w) => !w.destroyed);
    readonly options: unknown;
    readonly webContents = new FakeWebContents();
    destroyed = false;
    constructor(options: unknown) {
      this.options = options;
      windows.push(this);
    }
    once = vi.fn();
    loadFile = vi.fn(async () => undefined);
    loadURL = vi.fn(async () => undefined);
    show = vi.fn();
    isDestroyed = (): boolean => this.destroyed;
    isMinimized = (): boolean => false;
    restore = vi.fn();
    focus = vi.fn();
  }
  const handlers = new Map<string, (...args: unknown[]) => unknown>();
  const state = { lock: true, userData: '' };
  return {
    state,
    windows,
    appListeners,
    handlers,
    BrowserWindow: FakeBrowserWindow,
    app: {
      isPackaged: false,
      on: vi.fn((event: string, fn: (...args: unknown[]) => unknown) => {
        appListeners.set(event, [...(appListeners.get(event) ?? []), fn]);
      }),
      whenReady: vi.fn(() => Promise.resolve()),
      getPath: vi.fn(() => state.userData),
      requestSingleInstanceLock: vi.fn(() => state.lock),
      quit: vi.fn(),
      enableSandbox: vi.fn(),
    },
    ipcMain: {
      handle: vi.fn((channel: string, fn: (...args: unknown[]) => unknown) => {
        if (handlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
        handlers.set(channel, fn);
      }),
      removeHandler: vi.fn((channel: string) => handlers.delete(channel)),
    },
    ipcRenderer: {
      invoke: vi.fn(async (channel: string, input: unknown) => ({ ok: true, value: { channel, input } })),
      on: vi.fn(),
      removeListener: vi.fn(),
      send: vi.fn(),
      sendSync: vi.fn(),
    },
    contextBridge: { exposeInMainWorld: vi.fn() },
    session: { defaultSession: { setPermissionRequestHandler: vi.fn(), setPermissionCheckHandler: vi.fn() } },
    shell: { openExternal: vi.fn(async () => undefined) },
    dialog: { showErrorBox: vi.fn() },
    seedDemoIfEmpty: vi.fn(() => false),
  };
});

vi.mock('electron', () => {
  const m = {
    app: fx.app,
    BrowserWindow: fx.BrowserWindow,
    ipcMain: fx.ipcMain,
    ipcRenderer: fx.ipcRenderer,
    contextBridge: fx.contextBridge,
    session: fx.session,
    shell: fx.shell,
    dialog: fx.dialog,
  };
  return { ...m, default: m };
});
vi.mock('../../main/services/first-run.js', () => ({ seedDemoIfEmpty: fx.seedDemoIfEmpty }));

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const APP_URL = pathToFileURL(RENDERER_INDEX_HTML).href;
const EVIL = 'https://evil.example/index.html';

const frame = (url: string | null): { senderFrame: { url: string } | null } => ({ senderFrame: url === null ? null : { url } });

// ---------------------------------------------------------------------------------------------

describe('window: the security checklist', () => {
  it('mainWindowOptions sets every flag of the checklist and the preload', () => {
    const o = mainWindowOptions('/app/out/preload/index.cjs');
    expect(o.webPreferences).toMatchObject({
      preload: '/app/out/preload/index.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      experimentalFeatures: false,
    });
    expect(o.show).toBe(false);
  });

  it('createMainWindow uses those options and loads the built index.html, or the dev server when given', () => {
    fx.windows.length = 0;
    const win = createMainWindow() as unknown as InstanceType<typeof fx.BrowserWindow>;
    expect(win.options).toEqual(mainWindowOptions(PRELOAD_PATH));
    expect(win.loadFile).toHaveBeenCalledWith(RENDERER_INDEX_HTML);
    expect(win.loadURL).not.toHaveBeenCalled();

    const dev = createMainWindow({ devUrl: 'http://localhost:5173/' }) as unknown as InstanceType<typeof fx.BrowserWindow>;
    expect(dev.loadURL).toHaveBeenCalledWith('http://localhost:5173/');
    expect(dev.loadFile).not.toHaveBeenCalled();
    fx.windows.length = 0;
  });

  it('the preload path matches what electron.vite.config.ts builds: a CommonJS file in out/preload', async () => {
    expect(basename(PRELOAD_PATH)).toBe('index.cjs');
    expect(basename(dirname(PRELOAD_PATH))).toBe('preload');
    expect(basename(RENDERER_INDEX_HTML)).toBe('index.html');
    const { default: config } = await import('../../electron.vite.config.js');
    const preload = config.preload?.build;
    expect(preload?.outDir).toBe(join(root, 'out', 'preload'));
    expect(preload?.externalizeDeps).toBe(false);
    expect(preload?.rolldownOptions?.output).toMatchObject({ format: 'cjs', entryFileNames: '[name].cjs' });
    expect(config.main?.build?.outDir).toBe(join(root, 'out', 'main'));
    expect(config.renderer?.build?.outDir).toBe(join(root, 'out', 'renderer'));
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { main: string };
    expect(pkg.main).toBe('out/main/index.js');
  });
});

// ---------------------------------------------------------------------------------------------

describe('ipc: every contract is served, and only to the app page', () => {
  let t: TestDb;
  const registered = new Map<string, InvokeListener>();
  const ipc: IpcMainLike = {
    handle: (channel, fn) => void registered.set(channel, fn),
    removeHandler: (channel) => void registered.delete(channel),
  };
  const registry = createRegistry();
  const isAppUrl = appUrlChecker({ indexHtml: RENDERER_INDEX_HTML });
  const changes = (): number => (t.db.prepare('select total_changes() n').get() as { n: number }).n;
  const userCount = (): number => (t.db.prepare('select count(*) n from users').get() as { n: number }).n;
  let unregister: () => void;

  beforeAll(() => {
    t = createTestDb();
    unregister = registerIpc(ipc, registry, () => t.ctx, isAppUrl);
  });
  afterAll(() => t.cleanup());

  it('registers exactly every channel of the contracts, once', () => {
    expect([...registered.keys()].sort()).toEqual([...CHANNELS].sort());
    expect(new Set(CHANNELS).size).toBe(CHANNELS.length);
  });

  it.each([
    ['a foreign origin', EVIL],
    ['another file', pathToFileURL(join(dirname(RENDERER_INDEX_HTML), 'evil.html')).href],
    ['a file on another host', APP_URL.replace('file://', 'file://evil.example')],
    ['a data URL', 'data:text/html,<script>1</script>'],
    ['about:blank', 'about:blank'],
    ['no frame (navigated away or destroyed)', null],
  ])('a call from %s is refused as unauthorized and never reaches the service', async (_label, url) => {
    const spy = vi.spyOn(registry, 'invoke');
    const before = { changes: changes(), users: userCount() };
    const res = await registered.get('users:create')?.(frame(url), { name: 'Mallory', team: 'sales', role: 'owner' });
    expect(res).toMatchObject({ ok: false, error: { kind: 'unauthorized' } });
    expect(spy).not.toHaveBeenCalled();
    spy.mockRestore();
    expect({ changes: changes(), users: userCount() }).toEqual(before);
  });

  it('a call from the app page with a valid payload runs and answers ok', async () => {
    const before = userCount();
    const res = await registered.get('users:create')?.(frame(`${APP_URL}#/settings`), { name: 'Ada', team: 'sales', role: 'owner' });
    expect(res).toMatchObject({ ok: true, value: { name: 'Ada', team: 'sales' } });
    expect(userCount()).toBe(before + 1);
    expect(t.events).toContainEqual({ event: 'data:changed', payload: { tables: ['users'] } });
    const info = await registered.get('workspace:info')?.(frame(APP_URL), {});
    expect(info).toMatchObject({ ok: true, value: { path: t.path } });
  });

  it('a call from the app page with a wrong payload answers validation', async () => {
    const res = await registered.get('users:create')?.(frame(APP_URL), { name: 42 });
    expect(res).toMatchObject({ ok: false, error: { kind: 'validation' } });
  });

  it('in development only the dev server origin is the app', () => {
    const dev = appUrlChecker({ devUrl: 'http://localhost:5173/', indexHtml: RENDERER_INDEX_HTML });
    expect(dev('http://localhost:5173/#/leads')).toBe(true);
    expect(dev('http://localhost:5174/')).toBe(false);
    expect(dev('http://127.0.0.1:5173/')).toBe(false);
    expect(dev(APP_URL)).toBe(false);
    expect(() => appUrlChecker({ devUrl: 'file:///etc/passwd', indexHtml: RENDERER_INDEX_HTML })).toThrow();
  });

  it('the unregister function removes every handler', () => {
    unregister();
    expect(registered.size).toBe(0);
    unregister = registerIpc(ipc, registry, () => t.ctx, isAppUrl);
    expect(registered.size).toBe(CHANNELS.length);
  });

  it('emit sends to every live window and skips destroyed ones', () => {
    const live = { isDestroyed: () => false, send: vi.fn() };
    const gone = { isDestroyed: () => true, send: vi.fn() };
    createEmitter(() => [live, gone])('data:changed', { tables: ['leads'] });
    expect(live.send).toHaveBeenCalledWith('data:changed', { tables: ['leads'] });
    expect(gone.send).not.toHaveBeenCalled();
  });
});

// ---------------------------------------------------------------------------------------------

describe('preload: invoke and on, allowlisted, and nothing else', () => {
  let api: Record<string, unknown>;
  const invoke = (channel: unknown, input?: unknown): Promise<unknown> => (api['invoke'] as Fn as (c: unknown, i?: unknown) => Promise<unknown>)(channel, input);
  const on = (event: unknown, cb: unknown): (() => void) => (api['on'] as Fn as (e: unknown, c: unknown) => () => void)(event, cb);

  beforeAll(async () => {
    await import('../../main/preload.js');
    expect(fx.contextBridge.exposeInMainWorld).toHaveBeenCalledTimes(1);
    const [key, value] = fx.contextBridge.exposeInMainWorld.mock.calls[0] as unknown as [string, Record<string, unknown>];
    expect(key).toBe('api');
    api = value;
  });
  beforeEach(() => {
    fx.ipcRenderer.invoke.mockClear();
    fx.ipcRenderer.on.mockClear();
    fx.ipcRenderer.removeListener.mockClear();
  });

  it('exposes exactly invoke and on, both functions, and never ipcRenderer', () => {
    expect(Object.keys(api).sort()).toEqual(['invoke', 'on']);
    expect(typeof api['invoke']).toBe('function');
    expect(typeof api['on']).toBe('function');
    const seen = new Set<unknown>();
    const walk = (v: unknown): void => {
      if (v === null || (typeof v !== 'object' && typeof v !== 'function') || seen.has(v)) return;
      seen.add(v);
      expect(v).not.toBe(fx.ipcRenderer);
      for (const k of Object.getOwnPropertyNames(v)) walk((v as Record<string, unknown>)[k]);
    };
    walk(api);
    expect(Object.isFrozen(api)).toBe(true);
  });

  it('invoke forwards every contract channel to ipcRenderer.invoke', async () => {
    for (const channel of CHANNELS) {
      await expect(invoke(channel, { x: 1 })).resolves.toEqual({ ok: true, value: { channel, input: { x: 1 } } });
    }
    expect(fx.ipcRenderer.invoke).toHaveBeenCalledTimes(CHANNELS.length);
  });

  it.each(['evil:channel', 'ELECTRON_BROWSER_WINDOW_ALERT', '__proto__', 'toString', 'leads:list ', '', 42, null, undefined])(
    'invoke rejects %s without touching ipcRenderer',
    async (channel) => {
      await expect(invoke(channel, {})).rejects.toThrow(/Unknown channel/);
      expect(fx.ipcRenderer.invoke).not.toHaveBeenCalled();
    },
  );

  it('on subscribes to allowlisted events only, hides the IpcRendererEvent, and unsubscribes', () => {
    for (const event of EVENT_NAMES) {
      const cb = vi.fn();
      const off = on(event, cb);
      const [name, listener] = fx.ipcRenderer.on.mock.calls.at(-1) as unknown as [string, AnyListener];
      expect(name).toBe(event);
      const ipcEvent = { sender: fx.ipcRenderer, senderId: 0, ports: [] };
      listener(ipcEvent, { tables: ['leads'] });
      expect(cb).toHaveBeenCalledTimes(1);
      expect(cb.mock.calls[0]).toEqual([{ tables: ['leads'] }]);
      off();
      expect(fx.ipcRenderer.removeListener).toHaveBeenLastCalledWith(event, listener);
    }
    expect(() => on('users:create', vi.fn())).toThrow(/Unknown event/);
    expect(() => on('ipc-message', vi.fn())).toThrow(/Unknown event/);
    expect(() => on(EVENT_NAMES[0], 'not a function')).toThrow(TypeError);
    expect(fx.ipcRenderer.on).toHaveBeenCalledTimes(EVENT_NAMES.length);
  });
});

// ---------------------------------------------------------------------------------------------

describe('main entry (main/index.ts) with electron mocked', () => {
  let dir: string;
  let wsPath: string;
  let index: typeof import('../../main/index.js');
  let boot: {
    lock: number;
    sandbox: number;
    seed: number;
    quit: number;
    errorBox: number;
    permissionRequest: AnyListener[];
    permissionCheck: AnyListener[];
    loadFile: unknown[][][];
  };
  const listeners = (event: string): AnyListener[] => fx.appListeners.get(event) ?? [];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'leadpact-shell-'));
    wsPath = join(dir, 'nested', 'my workspace.db');
    fx.state.userData = join(dir, 'userData');
    process.env.LEADPACT_WORKSPACE = wsPath;
    fx.handlers.clear();
    fx.windows.length = 0;
    vi.resetModules();
    index = await import('../../main/index.js');
    await index.started;
    // Vitest clears mock call records before each test: keep what the start-up did.
    boot = {
      lock: fx.app.requestSingleInstanceLock.mock.calls.length,
      sandbox: fx.app.enableSandbox.mock.calls.length,
      seed: fx.seedDemoIfEmpty.mock.calls.length,
      quit: fx.app.quit.mock.calls.length,
      errorBox: fx.dialog.showErrorBox.mock.calls.length,
      permissionRequest: fx.session.defaultSession.setPermissionRequestHandler.mock.calls.map((c) => c[0] as unknown as AnyListener),
      permissionCheck: fx.session.defaultSession.setPermissionCheckHandler.mock.calls.map((c) => c[0] as unknown as AnyListener),
      loadFile: fx.windows.map((w) => w.loadFile.mock.calls),
    };
  });
  afterAll(() => {
    for (const l of listeners('will-quit')) l();
    delete process.env.LEADPACT_WORKSPACE;
    rmSync(dir, { recursive: true, force: true });
  });

  it('takes the single-instance lock, forces the sandbox, opens the workspace and fills the demo', () => {
    expect(boot.lock).toBe(1);
    expect(boot.sandbox).toBe(1);
    expect(existsSync(wsPath)).toBe(true);
    expect(boot.seed).toBe(1);
    expect(boot.quit).toBe(0);
    expect(boot.errorBox).toBe(0);
  });

  it('denies every permission request and check', () => {
    expect(boot.permissionRequest).toHaveLength(1);
    expect(boot.permissionCheck).toHaveLength(1);
    const [request] = boot.permissionRequest as [AnyListener];
    const [check] = boot.permissionCheck as [AnyListener];
    for (const permission of ['media', 'geolocation', 'notifications', 'clipboard-read', 'openExternal', 'fullscreen']) {
      const callback = vi.fn();
      request({}, permission, callback, {});
      expect(callback).toHaveBeenCalledWith(false);
      expect(check({}, permission, 'file://', {})).toBe(false);
    }
  });

  it('opens one window with the checklist options and serves every channel, to the app page only', async () => {
    expect(fx.windows).toHaveLength(1);
    expect(fx.windows[0]?.options).toEqual(mainWindowOptions(PRELOAD_PATH));
    expect(boot.loadFile).toEqual([[[RENDERER_INDEX_HTML]]]);
    expect([...fx.handlers.keys()].sort()).toEqual([...CHANNELS].sort());

    const info = fx.handlers.get('workspace:info');
    await expect(info?.(frame(APP_URL), {})).resolves.toMatchObject({ ok: true, value: { path: wsPath } });
    await expect(info?.(frame(EVIL), {})).resolves.toMatchObject({ ok: false, error: { kind: 'unauthorized' } });
  });

  it('every new webContents: window.open denied, navigation blocked, webviews refused, links to allowed schemes opened outside', () => {
    const created = listeners('web-contents-created');
    expect(created).toHaveLength(1);
    const on = new Map<string, AnyListener>();
    let openHandler: AnyListener | undefined;
    const contents = {
      setWindowOpenHandler: vi.fn((h: AnyListener) => (openHandler = h)),
      on: vi.fn((event: string, h: AnyListener) => on.set(event, h)),
    };
    created[0]?.({}, contents);
    expect(openHandler).toBeDefined();
    fx.shell.openExternal.mockClear();

    for (const url of ['https://example.com/', 'mailto:sales@example.com', 'file:///etc/passwd', 'javascript:alert(1)', APP_URL]) {
      expect(openHandler?.({ url })).toEqual({ action: 'deny' });
    }
    expect(fx.shell.openExternal.mock.calls).toEqual([['https://example.com/'], ['mailto:sales@example.com']]);

    const navigate = (event: string, url: string): boolean => {
      const e = { url, preventDefault: vi.fn() };
      on.get(event)?.(e);
      return e.preventDefault.mock.calls.length > 0;
    };
    for (const event of ['will-navigate', 'will-frame-navigate', 'will-redirect']) {
      expect(on.has(event), event).toBe(true);
      expect(navigate(event, EVIL), `${event} to a foreign page`).toBe(true);
      expect(navigate(event, 'file:///etc/passwd'), `${event} to a local file`).toBe(true);
      expect(navigate(event, `${APP_URL}#/inbox`), `${event} within the app`).toBe(false);
    }
    const webview = { preventDefault: vi.fn() };
    on.get('will-attach-webview')?.(webview, {}, {});
    expect(webview.preventDefault).toHaveBeenCalled();
  });

  it('isAllowedExternalUrl lets only http(s) with a host and mailto through', () => {
    const ok = ['https://example.com/a?b#c', 'http://example.com', 'mailto:a@example.com'];
    const refused = [
      'file:///etc/passwd',
      'javascript:alert(1)',
      'data:text/html,x',
      'smb://host/share',
      'ms-settings:',
      'leadpact://x',
      'https://user:pw@example.com/',
      'not a url',
      '',
    ];
    for (const u of ok) expect(index.isAllowedExternalUrl(u), u).toBe(true);
    for (const u of refused) expect(index.isAllowedExternalUrl(u), u).toBe(false);
  });

  it('resolveWorkspacePath: --workspace beats LEADPACT_WORKSPACE beats userData/workspace.db', () => {
    const ud = '/home/u/.config/LeadPact';
    expect(index.resolveWorkspacePath(['electron', '.'], {}, ud)).toBe(join(ud, 'workspace.db'));
    expect(index.resolveWorkspacePath([], { LEADPACT_WORKSPACE: '/data/a.db' }, ud)).toBe('/data/a.db');
    expect(index.resolveWorkspacePath(['x', '--workspace', '/data/b.db'], { LEADPACT_WORKSPACE: '/data/a.db' }, ud)).toBe('/data/b.db');
    expect(index.resolveWorkspacePath(['x', '--workspace=/data/c.db'], {}, ud)).toBe('/data/c.db');
    expect(index.resolveWorkspacePath(['x', '--workspace'], {}, ud)).toBe(join(ud, 'workspace.db'));
  });

  it('a second instance quits at once, without a window or handlers', async () => {
    const windows = fx.windows.length;
    fx.handlers.clear();
    fx.state.lock = false;
    vi.resetModules();
    try {
      const second = await import('../../main/index.js');
      await second.started;
    } finally {
      fx.state.lock = true;
    }
    expect(fx.app.quit).toHaveBeenCalledTimes(1);
    expect(fx.windows.length).toBe(windows);
    expect(fx.handlers.size).toBe(0);
    fx.app.quit.mockClear();
  });

  it('a file that is not a workspace is refused with a message, left untouched, and the app quits', async () => {
    const bogus = join(dir, 'notes.db');
    writeFileSync(bogus, 'these are my notes, not a database');
    const windows = fx.windows.length;
    process.env.LEADPACT_WORKSPACE = bogus;
    vi.resetModules();
    const third = await import('../../main/index.js');
    await third.started;
    expect(fx.dialog.showErrorBox).toHaveBeenCalledWith('LeadPact cannot open its workspace', expect.stringContaining('not a LeadPact workspace'));
    expect(fx.app.quit).toHaveBeenCalled();
    expect(fx.windows.length).toBe(windows);
    expect(readFileSync(bogus, 'utf8')).toBe('these are my notes, not a database');
    process.env.LEADPACT_WORKSPACE = wsPath;
  });
});

// ---------------------------------------------------------------------------------------------

describe('renderer CSP (renderer/index.html)', () => {
  const html = join(root, 'renderer', 'index.html');

  it.skipIf(!existsSync(html))('has a strict Content-Security-Policy: default-src self, no eval, no remote origins', () => {
    const text = readFileSync(html, 'utf8');
    const meta = /<meta\s+http-equiv="Content-Security-Policy"\s+content="([^"]+)"/is.exec(text);
    expect(meta, 'a CSP meta tag').not.toBeNull();
    const directives = new Map(
      (meta?.[1] ?? '')
        .split(';')
        .map((d) => d.trim().split(/\s+/))
        .filter((parts) => parts[0])
        .map((parts) => [parts[0]?.toLowerCase() ?? '', parts.slice(1)]),
    );
    expect(directives.get('default-src')).toEqual(["'self'"]);
    const all = [...directives.values()].flat();
    expect(all).not.toContain("'unsafe-eval'");
    expect(all).not.toContain("'wasm-unsafe-eval'");
    expect(all.filter((s) => /^(https?|wss?):|^\*|\*\./i.test(s)), 'remote origins').toEqual([]);
    expect(directives.get('script-src') ?? directives.get('default-src')).not.toContain("'unsafe-inline'");
    expect(directives.get('object-src')).toEqual(["'none'"]);
  });
});

// ---------------------------------------------------------------------------------------------

describe('electron-builder.yml', () => {
  const require = createRequire(import.meta.url);
  const yml = join(root, 'electron-builder.yml');

  it('sets the app identity, the targets, better-sqlite3 unpacked and every fuse', () => {
    const yaml = require('js-yaml') as { load(s: string): unknown };
    const raw = yaml.load(readFileSync(yml, 'utf8')) as Record<string, unknown> & {
      electronFuses: Record<string, unknown>;
      linux: { target: unknown };
      mac: { target: unknown };
      win: { target: unknown };
      directories: { buildResources: string };
    };
    expect(raw['appId']).toBe('com.leadpact.app');
    expect(raw['productName']).toBe('LeadPact');
    expect(raw['asarUnpack']).toContain('**/node_modules/better-sqlite3/**');
    expect(raw['files']).toEqual(expect.arrayContaining(['out/**', 'package.json']));
    expect(raw.electronFuses).toEqual({
      runAsNode: false,
      enableCookieEncryption: true,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
    });
    expect(raw.linux.target).toEqual(['AppImage', 'deb']);
    expect(raw.mac.target).toEqual(['dmg']);
    expect(raw.win.target).toEqual(['nsis']);
    expect(raw.directories.buildResources).toBe('resources');
    expect(existsSync(join(root, 'resources', 'icon.png'))).toBe(true);

    // The file filters must keep each target's own better-sqlite3 binary and the bundles.
    const { minimatch } = require('minimatch') as typeof import('minimatch');
    const files = raw['files'] as string[];
    const kept = (os: string, path: string): boolean => {
      let match = false;
      for (const p of files.map((f) => f.replaceAll('${os}', os))) {
        const negate = p.startsWith('!');
        if (match === negate && minimatch(path, negate ? p.slice(1) : p, { dot: true })) match = !negate;
      }
      return match;
    };
    const prebuild = (name: string): string => `node_modules/better-sqlite3/prebuilds/${name}.node`;
    for (const [os, own, foreign] of [
      ['linux', 'linux-x64', 'win32-x64'],
      ['win', 'win32-x64', 'linux-x64'],
      ['mac', 'darwin-arm64', 'linux-x64'],
    ] as const) {
      expect(kept(os, prebuild(own)), `${os} keeps ${own}`).toBe(true);
      expect(kept(os, prebuild(foreign)), `${os} drops ${foreign}`).toBe(false);
      expect(kept(os, 'out/main/index.js'), `${os} keeps the main bundle`).toBe(true);
      expect(kept(os, 'node_modules/better-sqlite3/lib/index.js'), `${os} keeps better-sqlite3/lib`).toBe(true);
    }
  });

  it('passes electron-builder 26 own loader and schema validation (app-builder-lib scheme.json)', async () => {
    const { getConfig, validateConfiguration } = require('app-builder-lib/out/util/config/config.js') as typeof import('app-builder-lib/out/util/config/config.js');
    const config = await getConfig(root, null, null);
    expect(config.appId).toBe('com.leadpact.app');
    const logger = { isEnabled: false, add: () => undefined } as unknown as Parameters<typeof validateConfiguration>[1];
    await expect(validateConfiguration(config, logger)).resolves.toBeUndefined();
    // The validator does catch a misspelt key (so the pass above means something).
    const misspelt = { ...config, electronFuses: { ...config.electronFuses, runAsNod: false } } as typeof config;
    await expect(validateConfiguration(misspelt, logger)).rejects.toThrow(/does not match the API schema/);
  }, 30_000);
});
