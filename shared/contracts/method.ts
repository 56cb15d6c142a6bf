import type { z } from 'zod';

/** One endpoint: its channel name and the schemas of what goes in and comes out. */
export interface Method<I extends z.ZodType = z.ZodType, O extends z.ZodType = z.ZodType> {
  readonly channel: string;
  readonly input: I;
  readonly output: O;
}

export function method<I extends z.ZodType, O extends z.ZodType>(channel: string, input: I, output: O): Method<I, O> {
  return { channel, input, output };
}

export type InputOf<M> = M extends Method<infer I, z.ZodType> ? z.input<I> : never;
export type OutputOf<M> = M extends Method<z.ZodType, infer O> ? z.output<O> : never;
