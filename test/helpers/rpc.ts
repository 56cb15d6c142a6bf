import { createRegistry } from '../../main/rpc/registry.js';
import type { Ctx } from '../../main/rpc/context.js';

/**
 * Call handlers through the real registry (validation, envelope) as the app does; a refusal throws
 * with the channel and the service's message. `ctx` is read at each call (tests make a new one per test).
 */
export function rpcCaller(ctx: () => Ctx): <T = Record<string, unknown>>(channel: string, input: unknown) => Promise<T> {
  const reg = createRegistry();
  return async <T>(channel: string, input: unknown): Promise<T> => {
    const res = await reg.invoke(channel, input, ctx());
    if (!res.ok) throw new Error(`${channel}: ${res.error.message}`);
    return res.value as T;
  };
}
