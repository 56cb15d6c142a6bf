import { parse } from 'csv-parse';
import { createReadStream, openSync, readSync, closeSync, statSync } from 'node:fs';
import {
  BinaryFileError,
  createDecoder,
  decodeAll,
  detectEncoding,
  firstInvalidUtf8,
  type EncodingGuess,
  type TextEncodingName,
} from '../../../shared/domain/import/encoding.js';
import {
  DELIMITER_NAMES,
  detectHeader,
  sniffDelimiter,
  splitSample,
  type Delimiter,
  type DelimiterGuess,
  type HeaderGuess,
} from '../../../shared/domain/import/sniff.js';
import type { FileOptions } from '../../../shared/domain/import/mapping.js';
import { AppError } from '../../../shared/errors.js';

/**
 * Streaming CSV reading: the encoding is decoded chunk by chunk (fatal on malformed UTF-8/UTF-16),
 * csv-parse splits records (strict quotes, so a broken quote is reported where it is instead of
 * silently swallowing the rest of the file), and every record carries the line it starts on.
 * Memory stays at a few chunks whatever the file size.
 */

/** The largest record accepted, in characters: a bigger one is almost surely a runaway quote. */
export const MAX_RECORD_CHARS = 1 << 20;
const HEAD_BYTES = 256 * 1024;
const CHUNK = 1 << 20;

export interface Detected {
  size: number;
  encoding: EncodingGuess;
  delimiter: DelimiterGuess;
  header: HeaderGuess;
}

/** A problem with the file itself, at a line; it stops the import whatever the error choice. */
export class CsvFileError extends AppError {
  constructor(
    message: string,
    readonly line: number | null,
    readonly code: string,
  ) {
    super('validation', message, { line, code });
    this.name = 'CsvFileError';
  }
}

function readHead(path: string, bytes = HEAD_BYTES): Uint8Array {
  const fd = openSync(path, 'r');
  try {
    const buf = Buffer.alloc(bytes);
    const n = readSync(fd, buf, 0, bytes, 0);
    return buf.subarray(0, n);
  } finally {
    closeSync(fd);
  }
}

/** Encoding, delimiter and header of a file from its first 256 KB; options given by the user win. */
export function detectFile(path: string, fileName: string, given: FileOptions = {}): Detected {
  let size: number;
  try {
    const st = statSync(path);
    if (!st.isFile()) throw new AppError('validation', `${fileName} is not a file.`);
    size = st.size;
  } catch (e) {
    if (e instanceof AppError) throw e;
    throw new AppError('not_found', `Cannot read ${fileName}.`);
  }
  if (size === 0) throw new CsvFileError(`${fileName} is empty (0 bytes).`, null, 'EMPTY_FILE');
  const head = readHead(path);
  const complete = head.length >= size;
  let encoding: EncodingGuess;
  try {
    encoding = given.encoding
      ? {
          encoding: given.encoding,
          bomLength: 0,
          reason: 'chosen',
          why: { code: 'chosen', values: { encoding: given.encoding } },
        }
      : detectEncoding(head, complete);
    if (!encoding.encoding.startsWith('utf-16') && head.includes(0)) {
      const guess = detectEncoding(head, complete);
      throw new CsvFileError(
        guess.encoding.startsWith('utf-16')
          ? `${fileName} has a zero byte after each character: it is ${guess.encoding.toUpperCase()}, not ${encoding.encoding} (choose that encoding or let LeadPact detect it).`
          : `${fileName} has zero bytes at byte ${head.indexOf(0)}: it is not a text file.`,
        1,
        'BAD_ENCODING',
      );
    }
  } catch (e) {
    if (e instanceof BinaryFileError) throw new CsvFileError(`${fileName}: ${e.message}`, null, 'BINARY_FILE');
    throw e;
  }
  let text: string;
  try {
    // A head cut in the middle of a character must not count as malformed: decode without the tail.
    text = decodeAll(head, encoding.encoding, false);
  } catch {
    throw new CsvFileError(`${fileName} cannot be read as ${encoding.encoding}.`, 1, 'BAD_ENCODING');
  }
  if (text.replace(/[\s\uFEFF]/g, '') === '')
    throw new CsvFileError(`${fileName} holds only blank lines.`, null, 'EMPTY_FILE');
  const delimiter: DelimiterGuess = given.delimiter
    ? {
        delimiter: given.delimiter,
        columns: splitSample(text, given.delimiter, 1, complete)[0]?.length ?? 1,
        consistency: 1,
        reason: `${DELIMITER_NAMES[given.delimiter]} (chosen)`,
        why: { code: 'chosen', values: { delimiter: given.delimiter } },
      }
    : sniffDelimiter(text, complete);
  const header: HeaderGuess =
    given.header !== undefined
      ? { hasHeader: given.header, reason: 'chosen', why: { code: 'chosen', values: {} } }
      : detectHeader(splitSample(text, delimiter.delimiter, 50, complete));
  return { size, encoding, delimiter, header };
}

export interface CsvRecord {
  fields: string[];
  /** The line the record starts on (1-based, physical lines, the header is line 1). */
  line: number;
  /** Bytes of the file read so far (for progress). */
  bytes: number;
}

/** Line breaks inside a record's fields (a quoted CRLF counts once), so the next record's line is right. */
function breaksIn(fields: readonly string[]): number {
  let n = 0;
  for (const f of fields) {
    if (f.length === 0 || (f.indexOf('\n') < 0 && f.indexOf('\r') < 0)) continue;
    for (let i = 0; i < f.length; i++) {
      const c = f.charCodeAt(i);
      if (c === 10) n++;
      else if (c === 13 && f.charCodeAt(i + 1) !== 10) n++;
    }
  }
  return n;
}

const PARSER_MESSAGES: Record<string, string> = {
  CSV_QUOTE_NOT_CLOSED: 'a quoted field opened here is never closed (the file ends inside quotes)',
  CSV_INVALID_CLOSING_QUOTE: 'a quoted field is followed by other characters before the next delimiter',
  INVALID_OPENING_QUOTE:
    'a quote appears inside an unquoted field (quote the whole field and double the quote: "5\'\'11""")',
  CSV_MAX_RECORD_SIZE: `a record is longer than ${MAX_RECORD_CHARS.toLocaleString('en-US')} characters (a runaway quote, or a field too large to be a CSV cell)`,
};

/**
 * The records of a file, in order, from a stream: never the whole file in memory. Structural errors
 * (broken quotes, an oversized record, bytes that are not the encoding) throw CsvFileError naming
 * the line, since nothing after them can be trusted; ragged rows are returned as they are, the caller
 * decides.
 */
export async function* readRecords(
  path: string,
  opts: { fileName: string; encoding: TextEncodingName; delimiter: Delimiter },
): AsyncGenerator<CsvRecord> {
  const source = createReadStream(path, { highWaterMark: CHUNK });
  const parser = parse({
    delimiter: opts.delimiter,
    record_delimiter: ['\r\n', '\n', '\r'],
    relax_quotes: false,
    relax_column_count: true,
    skip_empty_lines: false,
    max_record_size: MAX_RECORD_CHARS,
    bom: false,
  });
  const decoder = createDecoder(opts.encoding);
  let bytes = 0;
  let linesSeen = 0; // complete lines decoded so far, to place an encoding error
  let pumpError: unknown = null;
  let stop: () => void = () => undefined;
  const stopped = new Promise<void>((r) => (stop = r));
  let isStopped = false;

  const pump = (async () => {
    try {
      let carry: Uint8Array = new Uint8Array(0);
      for await (const chunk of source as AsyncIterable<Buffer>) {
        if (isStopped) return;
        let text: string;
        try {
          text = decoder.write(chunk);
        } catch {
          const all = new Uint8Array(carry.length + chunk.length);
          all.set(carry);
          all.set(chunk, carry.length);
          const at = opts.encoding === 'utf-8' ? firstInvalidUtf8(all, true) : -1;
          let line = linesSeen + 1;
          for (let i = carry.length; i < (at >= 0 ? at : all.length); i++) if (all[i] === 10) line++;
          const where = at >= 0 ? ` (byte ${bytes - carry.length + at})` : '';
          throw new CsvFileError(
            `${opts.fileName}, line ${line}${where}: not valid ${opts.encoding}; the file is probably in another encoding (choose Windows-1252 for files saved by Excel on Windows)`,
            line,
            'BAD_ENCODING',
          );
        }
        bytes += chunk.length;
        carry = opts.encoding === 'utf-8' ? chunk.subarray(Math.max(0, chunk.length - 3)) : new Uint8Array(0);
        for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) linesSeen++;
        if (!parser.write(text))
          await Promise.race([new Promise<void>((r) => parser.once('drain', () => r())), stopped]);
      }
      if (isStopped) return;
      const tail = decoder.end();
      if (tail) parser.write(tail);
    } catch (e) {
      if (!isStopped) pumpError = e;
    } finally {
      if (!isStopped) parser.end();
    }
  })();

  let line = 1;
  try {
    for await (const fields of parser as AsyncIterable<string[]>) {
      if (pumpError) break;
      const start = line;
      line += 1 + breaksIn(fields);
      if (fields.length === 1 && fields[0] === '') continue; // blank line
      yield { fields, line: start, bytes };
    }
  } catch (e) {
    if (pumpError) throw pumpError;
    const err = e as { code?: string; message?: string; lines?: number };
    const code = err.code ?? 'CSV_ERROR';
    const explained = PARSER_MESSAGES[code] ?? err.message ?? String(e);
    // csv-parse reports where it gave up; a runaway record started where the last good one ended.
    const at = code === 'CSV_QUOTE_NOT_CLOSED' || code === 'CSV_MAX_RECORD_SIZE' ? line : (err.lines ?? line);
    throw new CsvFileError(`${opts.fileName}, line ${at}: ${explained}.`, at, code);
  } finally {
    isStopped = true;
    stop();
    source.destroy();
    parser.destroy();
    await pump;
  }
  if (pumpError) throw pumpError;
}
