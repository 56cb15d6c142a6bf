import type { ErrorBody } from '../../../shared/errors.js';
import type { CellError } from '../../../shared/domain/import/compile.js';
import type { Mapping } from '../../../shared/domain/import/mapping.js';
import type { ImportRow } from '../../../shared/domain/import/targets.js';

/**
 * Messages between the import (the thread that writes to SQLite) and its parse worker (the thread
 * that reads, decodes, splits, transforms and validates). Batches flow one way, acks the other: the
 * worker keeps at most `window` unacknowledged batches, so memory stays bounded when parsing is
 * faster than writing; an ack carries the rows the database refused, so the worker, which still holds
 * their raw fields, writes them to the error file in file order.
 */

export interface ParseSpec {
  path: string;
  fileName: string;
  mapping: Mapping;
  timeZone: string;
  /** Where rejected rows go (CSV); null for none. */
  errorsPath: string | null;
  batchSize: number;
  window: number;
}

export interface Detection {
  encoding: string;
  encodingReason: string;
  delimiter: string;
  delimiterReason: string;
  hasHeader: boolean;
  headerReason: string;
  columns: string[];
  resolvedDateFormats: Record<string, string>;
  unusedColumns: string[];
}

export type BatchItem = { n: number; line: number; row: ImportRow } | { n: number; line: number; errors: CellError[] };

export type FromParser =
  | { type: 'ready'; detection: Detection; size: number }
  | { type: 'batch'; seq: number; items: BatchItem[]; bytes: number }
  /** timings: ms the worker spent reading and splitting, transforming and validating, waiting for acks. */
  /** unknownCountries: values of a country field that name no country, with their row counts (compile.ts). */
  | { type: 'end'; rows: number; timings: Record<string, number>; unknownCountries: [string, number][] }
  | { type: 'closed'; errorRows: number }
  | { type: 'fatal'; error: ErrorBody };

export type ToParser =
  { type: 'ack'; seq: number; rejected: { n: number; errors: CellError[] }[] } | { type: 'finish' };
