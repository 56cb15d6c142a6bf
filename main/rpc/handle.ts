import type { z } from 'zod';
import type { Method } from '../../shared/contracts/method.js';
import { AppError, describeIssues, type Envelope, isAppError } from '../../shared/errors.js';
import type { Ctx } from './context.js';

export type Handler = (raw: unknown, ctx: Ctx) => Promise<Envelope<unknown>>;

export interface Registered {
  readonly channel: string;
  readonly run: Handler;
}

/**
 * Bind a contract to its implementation: validate the input, run, validate the output, and always
 * answer with an envelope, never a throw, so every transport carries the error kind intact.
 */
export function handle<I extends z.ZodType, O extends z.ZodType>(
  m: Method<I, O>,
  fn: (input: z.output<I>, ctx: Ctx) => z.input<O> | Promise<z.input<O>>,
): Registered {
  const run: Handler = async (raw, ctx) => {
    const parsed = m.input.safeParse(raw);
    if (!parsed.success) {
      return {
        ok: false,
        error: {
          kind: 'validation',
          message: `Invalid input for ${m.channel}: ${describeIssues(parsed.error.issues)}`,
          details: parsed.error.issues.map((i) => ({ path: i.path.map(String), message: i.message })),
        },
      };
    }
    try {
      const value = await fn(parsed.data, ctx);
      return { ok: true, value: m.output.parse(value) };
    } catch (e) {
      if (isAppError(e)) return { ok: false, error: e.toBody() };
      if (isBusy(e)) return { ok: false, error: new AppError('conflict', BUSY_MESSAGE).toBody() };
      const message = e instanceof Error ? e.message : String(e);
      console.error(`[${m.channel}]`, e);
      return { ok: false, error: new AppError('internal', `${m.channel} failed: ${message}`).toBody() };
    }
  };
  return { channel: m.channel, run };
}

/**
 * A long job (a rescore, an import) holds the write lock for its whole transaction; a write from the
 * app that waited out busy_timeout meanwhile is refused. It is a state the user can wait out, not a
 * fault: say so instead of "internal error: database is locked".
 */
const BUSY_MESSAGE = 'The workspace is busy: a long job (a rescore or an import) is writing to it. Try again when it ends.';
const isBusy = (e: unknown): boolean => {
  const code = e instanceof Error ? (e as Error & { code?: unknown }).code : undefined;
  return typeof code === 'string' && code.startsWith('SQLITE_BUSY');
};

export class Registry {
  private readonly handlers = new Map<string, Handler>();

  constructor(entries: readonly Registered[]) {
    for (const e of entries) {
      if (this.handlers.has(e.channel)) throw new Error(`Channel registered twice: ${e.channel}`);
      this.handlers.set(e.channel, e.run);
    }
  }

  get channels(): string[] {
    return [...this.handlers.keys()];
  }

  async invoke(channel: unknown, raw: unknown, ctx: Ctx): Promise<Envelope<unknown>> {
    const h = typeof channel === 'string' ? this.handlers.get(channel) : undefined;
    if (!h) return { ok: false, error: { kind: 'validation', message: `Unknown channel: ${typeof channel === 'string' ? channel : typeof channel}` } };
    return h(raw, ctx);
  }
}
