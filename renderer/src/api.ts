import type { Method, InputOf, OutputOf } from '../../shared/contracts/method.js';
import { EVENT_NAMES } from '../../shared/contracts/events.js';
import { ErrorBodySchema, type ErrorKind } from '../../shared/errors.js';

/*
 * The typed client over the shared contracts. Two transports, one shape:
 *  - Electron: the preload exposes `window.api.invoke(channel, input)` (an allowlist built from the
 *    same contracts) and `window.api.on(event, cb)`;
 *  - the browser harness: `POST /rpc/<channel>` with the per-launch token, and server-sent events.
 * Both answer with the envelope of shared/errors.ts; a failure becomes an ApiError carrying its kind.
 */

export interface PreloadApi {
  invoke(channel: string, input: unknown): Promise<unknown>;
  on(event: string, cb: (payload: unknown) => void): (() => void) | void;
}

declare global {
  interface Window {
    api?: PreloadApi;
  }
}

/** Kinds of the envelope plus the two that only a transport can produce. */
export type ApiErrorKind = ErrorKind | 'network';

export class ApiError extends Error {
  readonly kind: ApiErrorKind;
  readonly details: unknown;
  constructor(kind: ApiErrorKind, message: string, details?: unknown) {
    super(message);
    this.name = 'ApiError';
    this.kind = kind;
    this.details = details;
  }
}

export const isApiError = (e: unknown): e is ApiError => e instanceof ApiError;

const TOKEN_KEY = 'leadpact.token';
const TOKEN_HEADER = 'x-leadpact-token';

/**
 * Take the harness token from `?token=` once, keep it for this tab only (sessionStorage), and remove
 * it from the address bar so it does not end up in history, bookmarks or screenshots.
 */
export function captureToken(loc: Location = window.location, hist: History = window.history): string | null {
  const url = new URL(loc.href);
  const fromUrl = url.searchParams.get('token');
  if (fromUrl) {
    try {
      sessionStorage.setItem(TOKEN_KEY, fromUrl);
    } catch {
      // Storage can be disabled; the HttpOnly cookie the harness set still authenticates us.
    }
    url.searchParams.delete('token');
    hist.replaceState(hist.state, '', url.pathname + url.search + url.hash);
    return fromUrl;
  }
  try {
    return sessionStorage.getItem(TOKEN_KEY);
  } catch {
    return null;
  }
}

let token: string | null = null;
let tokenRead = false;
function harnessToken(): string | null {
  if (!tokenRead) {
    token = captureToken();
    tokenRead = true;
  }
  return token;
}

/** Call once at start-up, before anything renders: takes the token out of the address bar at once. */
export function initApi(): void {
  if (!window.api) harnessToken();
}

function toApiError(raw: unknown, channel: string): ApiError {
  const body = ErrorBodySchema.safeParse(raw);
  if (body.success) return new ApiError(body.data.kind, body.data.message, body.data.details);
  return new ApiError('internal', `${channel}: malformed error from the server`);
}

async function invokeHttp(channel: string, input: unknown): Promise<unknown> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  const t = harnessToken();
  if (t) headers[TOKEN_HEADER] = t;
  let res: Response;
  try {
    res = await fetch(`/rpc/${channel}`, {
      method: 'POST',
      credentials: 'same-origin',
      headers,
      body: JSON.stringify(input ?? {}),
    });
  } catch (e) {
    throw new ApiError('network', e instanceof Error ? e.message : String(e));
  }
  if (res.status === 401 || res.status === 403) {
    throw new ApiError('unauthorized', (await res.text().catch(() => '')) || `HTTP ${res.status}`);
  }
  if (!res.ok) throw new ApiError('network', `HTTP ${res.status} for ${channel}`);
  try {
    return await res.json();
  } catch {
    throw new ApiError('internal', `${channel}: the server's answer is not JSON`);
  }
}

async function invokeIpc(api: PreloadApi, channel: string, input: unknown): Promise<unknown> {
  try {
    return await api.invoke(channel, input);
  } catch (e) {
    // The preload refuses unknown channels; Electron keeps only the message of anything else.
    throw new ApiError('internal', e instanceof Error ? e.message : String(e));
  }
}

function transport(channel: string, input: unknown): Promise<unknown> {
  return window.api ? invokeIpc(window.api, channel, input) : invokeHttp(channel, input);
}

/**
 * Call one contract method: `call(leads.list, { sort, filters })`. Resolves with the output parsed by
 * the contract's own schema, or rejects with an ApiError.
 */
export async function call<M extends Method>(method: M, input: InputOf<M>): Promise<OutputOf<M>> {
  const envelope = (await transport(method.channel, input)) as {
    ok?: unknown;
    value?: unknown;
    error?: unknown;
  } | null;
  if (!envelope || typeof envelope !== 'object' || typeof envelope.ok !== 'boolean') {
    throw new ApiError('internal', `${method.channel}: malformed answer`);
  }
  if (!envelope.ok) throw toApiError(envelope.error, method.channel);
  const parsed = method.output.safeParse(envelope.value);
  if (!parsed.success) {
    throw new ApiError('internal', `${method.channel}: the answer does not match the contract`, parsed.error.issues);
  }
  return parsed.data as OutputOf<M>;
}

export type EventListener = (event: string, payload: unknown) => void;

/**
 * Listen to every main-process event (job:progress, data:changed). Returns the unsubscribe function.
 * In the browser one EventSource carries them all; it authenticates with the harness cookie.
 */
export function subscribeEvents(listener: EventListener): () => void {
  if (window.api) {
    const api = window.api;
    const offs = EVENT_NAMES.map((name) => api.on(name, (payload) => listener(name, payload)));
    return () => offs.forEach((off) => typeof off === 'function' && off());
  }
  if (typeof EventSource === 'undefined') return () => {};
  const source = new EventSource('/events');
  const handlers = EVENT_NAMES.map((name) => {
    const h = (e: MessageEvent<string>) => {
      try {
        listener(name, JSON.parse(e.data));
      } catch {
        // A malformed frame is dropped; the next change will refresh the views anyway.
      }
    };
    source.addEventListener(name, h);
    return [name, h] as const;
  });
  return () => {
    for (const [name, h] of handlers) source.removeEventListener(name, h);
    source.close();
  };
}
