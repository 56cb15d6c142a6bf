import type { Db } from '../db/connection.js';

export type Emit = (event: string, payload: unknown) => void;

/** What every handler gets: the open workspace and a way to tell the renderer something changed. */
export interface Ctx {
  readonly db: Db;
  readonly path: string;
  readonly emit: Emit;
}
