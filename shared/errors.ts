import { z } from 'zod';

/**
 * `unauthorized`: this app session (token, window) is refused; `forbidden`: the current user may not
 * do this; `external`: a system outside this workspace (the team hub) could not be reached or said
 * no, in a message complete in itself that the app shows as is, without a lead line of its kind.
 */
export const ErrorKindSchema = z.enum(['validation', 'not_found', 'conflict', 'unauthorized', 'forbidden', 'internal', 'external']);
export type ErrorKind = z.infer<typeof ErrorKindSchema>;

export const ErrorBodySchema = z.object({
  kind: ErrorKindSchema,
  message: z.string(),
  details: z.unknown().optional(),
});
export type ErrorBody = z.infer<typeof ErrorBodySchema>;

/** A failure the user can act on; the kind survives every transport (Electron keeps only messages). */
export class AppError extends Error {
  readonly kind: ErrorKind;
  readonly details: unknown;
  constructor(kind: ErrorKind, message: string, details?: unknown) {
    super(message);
    this.name = 'AppError';
    this.kind = kind;
    this.details = details;
  }
  toBody(): ErrorBody {
    return this.details === undefined
      ? { kind: this.kind, message: this.message }
      : { kind: this.kind, message: this.message, details: this.details };
  }
}

export type Envelope<T> = { ok: true; value: T } | { ok: false; error: ErrorBody };

export const isAppError = (e: unknown): e is AppError => e instanceof AppError;

/** One line per zod issue, naming the path, so a user sees which field is wrong and why. */
export function describeIssues(issues: readonly { path: readonly PropertyKey[]; message: string }[]): string {
  return issues
    .slice(0, 5)
    .map((i) => `${i.path.length ? i.path.map(String).join('.') : '(input)'}: ${i.message}`)
    .join('; ');
}
