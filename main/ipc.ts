import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { reviews } from '../shared/contracts/reviews.js';
import type { Envelope } from '../shared/errors.js';
import { get as getReview } from './services/reviews.js';
import type { Ctx } from './rpc/context.js';
import type { Registry } from './rpc/handle.js';

/*
 * The IPC bridge between Electron and the handler registry. It takes Electron's objects as
 * parameters, typed by the little it uses, so it never imports `electron` and the unit tests can
 * drive it with plain objects.
 */

/** The part of an IpcMainInvokeEvent the bridge reads: the frame that sent the call. */
export interface InvokeEventLike {
  readonly senderFrame: { readonly url: string } | null;
}

export type InvokeListener = (event: InvokeEventLike, input: unknown) => Promise<Envelope<unknown>>;

/** The part of ipcMain the bridge uses. */
export interface IpcMainLike {
  handle(channel: string, listener: InvokeListener): void;
  removeHandler(channel: string): void;
}

/** Says whether a URL is the app's own renderer page (and nothing else may call the handlers). */
export type AppUrlCheck = (url: string) => boolean;

export interface AppUrlOptions {
  /** The dev server (ELECTRON_RENDERER_URL); only honoured by the caller when the app is unpackaged. */
  readonly devUrl?: string | undefined;
  /** Absolute path of the built renderer's index.html. */
  readonly indexHtml: string;
}

function parseUrl(url: string): URL | null {
  try {
    return new URL(url);
  } catch {
    return null;
  }
}

/**
 * The app URL is either the dev server's origin (in development) or exactly the built
 * index.html over file:// (any query or hash). Any other file, origin or scheme is foreign.
 */
export function appUrlChecker({ devUrl, indexHtml }: AppUrlOptions): AppUrlCheck {
  const dev = devUrl ? parseUrl(devUrl) : null;
  if (devUrl && (!dev || (dev.protocol !== 'http:' && dev.protocol !== 'https:'))) {
    throw new Error(`ELECTRON_RENDERER_URL is not an http(s) URL: ${devUrl}`);
  }
  const index = resolve(indexHtml);
  return (url) => {
    const u = parseUrl(url);
    if (!u) return false;
    if (dev) return u.origin === dev.origin;
    if (u.protocol !== 'file:' || (u.host !== '' && u.host !== 'localhost')) return false;
    try {
      return resolve(fileURLToPath(u)) === index;
    } catch {
      return false;
    }
  };
}

export function unauthorized(channel: string): Envelope<never> {
  return {
    ok: false,
    error: { kind: 'unauthorized', message: `${channel} refused: the call did not come from the LeadPact window.` },
  };
}

/**
 * Serve every channel of the registry on ipcMain. Each call first checks that the sending frame
 * exists and shows the app's own page; otherwise it answers `unauthorized` without running the
 * handler. Returns a function that removes the handlers again.
 */
export function registerIpc(
  ipcMain: IpcMainLike,
  registry: Registry,
  getCtx: () => Ctx,
  isAppUrl: AppUrlCheck,
): () => void {
  const channels = registry.channels;
  for (const channel of channels) {
    ipcMain.handle(channel, async (event, input) => {
      const url = event.senderFrame?.url;
      if (typeof url !== 'string' || !isAppUrl(url)) return unauthorized(channel);
      try {
        return await registry.invoke(channel, input, getCtx());
      } catch (e) {
        // The registry envelopes handler errors itself; this only catches a missing workspace.
        const message = e instanceof Error ? e.message : String(e);
        return { ok: false, error: { kind: 'internal', message: `${channel} failed: ${message}` } };
      }
    });
  }
  return () => {
    for (const channel of channels) ipcMain.removeHandler(channel);
  };
}

/** The part of webContents the emitter uses. */
export interface EventSink {
  isDestroyed(): boolean;
  send(channel: string, payload: unknown): void;
}

/** An `emit` for the handlers' context: sends an event to every open window's webContents. */
export function createEmitter(targets: () => Iterable<EventSink>): (event: string, payload: unknown) => void {
  return (event, payload) => {
    for (const t of targets()) {
      if (!t.isDestroyed()) t.send(event, payload);
    }
  };
}

/** The part of the sending webContents the PDF handler uses. */
export interface PdfPrinter {
  printToPDF(options: { pageSize: 'A4'; printBackground: boolean; preferCSSPageSize: boolean }): Promise<Uint8Array>;
}

export interface SavePdfDeps {
  isAppUrl: AppUrlCheck;
  getCtx: () => Ctx;
  /** The save dialog: the chosen path, or null when the user cancels. */
  chooseFile(defaultName: string): Promise<string | null>;
  writeFile(path: string, data: Uint8Array): void;
}

/**
 * reviews:savePdf in the desktop app: the window that asks shows the pack page, so Electron's
 * printToPDF of its own webContents prints the pack through the same print stylesheet as a browser.
 */
export function savePdfListener(deps: SavePdfDeps): (event: InvokeEventLike & { sender: PdfPrinter }, input: unknown) => Promise<Envelope<unknown>> {
  const channel = reviews.savePdf.channel;
  return async (event, input) => {
    const url = event.senderFrame?.url;
    if (typeof url !== 'string' || !deps.isAppUrl(url)) return unauthorized(channel);
    const parsed = reviews.savePdf.input.safeParse(input);
    if (!parsed.success) return { ok: false, error: { kind: 'validation', message: `${channel}: ${parsed.error.issues[0]?.message ?? 'bad input'}` } };
    try {
      const review = getReview(deps.getCtx().db, parsed.data.id);
      const path = await deps.chooseFile(`criteria-review-${review.quarter}.pdf`);
      if (path === null) return { ok: true, value: { path: null } };
      const pdf = await event.sender.printToPDF({ pageSize: 'A4', printBackground: true, preferCSSPageSize: true });
      deps.writeFile(path, pdf);
      return { ok: true, value: { path } };
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      const kind = (e as { kind?: string }).kind === 'not_found' ? 'not_found' : 'internal';
      return { ok: false, error: { kind, message } };
    }
  };
}
