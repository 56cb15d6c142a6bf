import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { CHANNELS } from '../shared/contracts/index.js';
import { EVENT_NAMES } from '../shared/contracts/events.js';

/*
 * The whole surface the renderer gets: `window.api.invoke` and `window.api.on`, limited to the
 * channels and events named in shared/contracts. ipcRenderer itself never crosses the bridge.
 * Built as one CommonJS file (sandboxed preloads cannot load ES modules or other files).
 */

export interface PreloadApi {
  invoke(channel: string, input?: unknown): Promise<unknown>;
  on(event: string, cb: (payload: unknown) => void): () => void;
}

const channels: ReadonlySet<string> = new Set(CHANNELS);
const eventNames: ReadonlySet<string> = new Set(EVENT_NAMES);

export const api: PreloadApi = Object.freeze({
  invoke(channel: string, input?: unknown): Promise<unknown> {
    if (typeof channel !== 'string' || !channels.has(channel)) {
      return Promise.reject(new Error(`Unknown channel: ${String(channel)}`));
    }
    return ipcRenderer.invoke(channel, input);
  },
  on(event: string, cb: (payload: unknown) => void): () => void {
    if (typeof event !== 'string' || !eventNames.has(event)) throw new Error(`Unknown event: ${String(event)}`);
    if (typeof cb !== 'function') throw new TypeError('on(event, cb): cb must be a function');
    // The IpcRendererEvent carries `sender` (ipcRenderer): never hand it to the page.
    const listener = (_event: IpcRendererEvent, payload: unknown): void => cb(payload);
    ipcRenderer.on(event, listener);
    return () => {
      ipcRenderer.removeListener(event, listener);
    };
  },
});

contextBridge.exposeInMainWorld('api', api);
