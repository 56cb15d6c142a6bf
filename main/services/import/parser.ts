import { createWriteStream, mkdirSync, type WriteStream } from 'node:fs';
import { dirname } from 'node:path';
import { once } from 'node:events';
import { buildRow, compileMapping, MappingError, type CellError } from '../../../shared/domain/import/compile.js';
import { csvLine } from '../../../shared/domain/import/csv-out.js';
import { columnNames } from '../../../shared/domain/import/sniff.js';
import { AppError, isAppError } from '../../../shared/errors.js';
import { detectFile, readRecords, type CsvRecord } from './csv-reader.js';
import type { BatchItem, FromParser, ParseSpec, ToParser } from './protocol.js';

/** Records read before compiling the mapping: date formats the mapping leaves open are chosen from them. */
export const SAMPLE_RECORDS = 1000;

/** The error file: the rejected rows as they were, with where and why in front, in file order. */
export class ErrorFile {
  private out: WriteStream | null = null;
  rows = 0;
  constructor(
    private readonly path: string | null,
    private readonly fileName: string,
    private readonly columns: readonly string[],
  ) {}

  async write(n: number, line: number, fields: readonly string[] | null, errors: readonly CellError[]): Promise<void> {
    if (!this.path) return;
    if (!this.out) {
      mkdirSync(dirname(this.path), { recursive: true });
      this.out = createWriteStream(this.path);
      // A BOM so that Excel reads it as UTF-8; the importer skips it, so the file can be fixed and re-imported.
      this.out.write('\uFEFF' + csvLine(['_file', '_line', '_row', '_column', '_value', '_reason', ...this.columns]));
    }
    const ok = this.out.write(
      csvLine([
        this.fileName,
        line,
        n,
        errors.map((e) => e.column).join('; '),
        errors.map((e) => e.value).join('; '),
        errors.map((e) => e.reason).join('; '),
        ...(fields ?? []),
      ]),
    );
    this.rows++;
    if (!ok) await once(this.out, 'drain');
  }

  async close(): Promise<void> {
    if (!this.out) return;
    const out = this.out;
    await new Promise<void>((resolve, reject) => out.end((e?: Error | null) => (e ? reject(e) : resolve())));
  }
}

const toBody = (e: unknown) =>
  isAppError(e)
    ? e.toBody()
    : e instanceof MappingError
      ? new AppError('validation', e.message, { problems: e.problems }).toBody()
      : new AppError('internal', e instanceof Error ? e.message : String(e)).toBody();

/**
 * The parse side of an import: detect, read the header and a sample, compile the mapping, then turn
 * every record into a typed row or its errors, in batches, under the credit window. Runs in a worker
 * thread (parse-worker.ts) but takes plain callbacks, so it can run anywhere.
 */
export async function runParser(
  spec: ParseSpec,
  post: (m: FromParser) => void,
  inbox: { next(): Promise<ToParser> },
): Promise<void> {
  let errorFile: ErrorFile | null = null;
  try {
    const detected = detectFile(spec.path, spec.fileName, spec.mapping.file);
    const records = readRecords(spec.path, {
      fileName: spec.fileName,
      encoding: detected.encoding.encoding,
      delimiter: detected.delimiter.delimiter,
    });
    const head: CsvRecord[] = [];
    let header: string[] | null = null;
    // Not `for await … break`: that would close the generator, and the rest is read below.
    while (head.length < SAMPLE_RECORDS) {
      const next = await records.next();
      if (next.done) break;
      if (detected.header.hasHeader && header === null) header = next.value.fields;
      else head.push(next.value);
    }
    if (head.length === 0) {
      throw new AppError(
        'validation',
        header ? `${spec.fileName} has a header but no data rows.` : `${spec.fileName} has no rows.`,
        { code: 'NO_ROWS' },
      );
    }
    const width = header?.length ?? Math.max(...head.map((r) => r.fields.length));
    const { names: columns, duplicates } = columnNames(header, width);
    const samples = new Map(columns.map((c, i) => [c, head.map((r) => r.fields[i] ?? '')]));
    const compiled = compileMapping(spec.mapping, columns, {
      fileName: spec.fileName,
      timeZone: spec.timeZone,
      samples,
      duplicates,
    });
    post({
      type: 'ready',
      size: detected.size,
      detection: {
        encoding: detected.encoding.encoding,
        encodingReason: detected.encoding.reason,
        delimiter: detected.delimiter.delimiter,
        delimiterReason: detected.delimiter.reason,
        hasHeader: detected.header.hasHeader,
        headerReason: detected.header.reason,
        columns,
        resolvedDateFormats: compiled.resolvedDateFormats,
        unusedColumns: compiled.unused,
      },
    });
    errorFile = new ErrorFile(spec.errorsPath, spec.fileName, columns);

    // Batches awaiting their ack, with the raw fields of their records (for the error file).
    const pending = new Map<number, { items: BatchItem[]; fields: string[][] }>();
    let seq = 0;
    let n = 0;
    let items: BatchItem[] = [];
    let fields: string[][] = [];
    let bytes = 0;

    const handleAck = async (m: Extract<ToParser, { type: 'ack' }>) => {
      const b = pending.get(m.seq);
      pending.delete(m.seq);
      if (!b || !errorFile) return;
      const dbErrors = new Map(m.rejected.map((r) => [r.n, r.errors]));
      for (let i = 0; i < b.items.length; i++) {
        const it = b.items[i]!;
        const errs = 'errors' in it ? it.errors : dbErrors.get(it.n);
        if (errs) await errorFile.write(it.n, it.line, b.fields[i] ?? null, errs);
      }
    };
    const timings = { 'read, decode and split': 0, 'transform and validate': 0, 'waits for the writer': 0 };
    const flush = async () => {
      const w0 = performance.now();
      while (pending.size >= spec.window) {
        const m = await inbox.next();
        if (m.type === 'ack') await handleAck(m);
      }
      timings['waits for the writer'] += performance.now() - w0;
      const s = ++seq;
      pending.set(s, { items, fields: spec.errorsPath ? fields : [] });
      post({ type: 'batch', seq: s, items, bytes });
      items = [];
      fields = [];
    };
    const take = async (r: CsvRecord) => {
      n++;
      bytes = r.bytes;
      if (r.fields.length !== columns.length) {
        const why = `the row has ${r.fields.length} field${r.fields.length === 1 ? '' : 's'} and the header ${columns.length}`;
        items.push({
          n,
          line: r.line,
          errors: [
            {
              column: '(row)',
              target: '',
              value: '',
              reason: `${why}: a delimiter too many or too few, or an unquoted ${detected.delimiter.delimiter === ',' ? 'comma' : 'delimiter'} in a value`,
              code: 'field-count',
              values: { fields: r.fields.length, columns: columns.length },
            },
          ],
        });
      } else {
        const b0 = performance.now();
        const built = buildRow(compiled, r.fields, n);
        timings['transform and validate'] += performance.now() - b0;
        items.push(built.ok ? { n, line: r.line, row: built.row } : { n, line: r.line, errors: built.errors });
      }
      if (spec.errorsPath) fields.push(r.fields);
      if (items.length >= spec.batchSize) await flush();
    };

    for (const r of head) await take(r);
    head.length = 0;
    for (;;) {
      const r0 = performance.now();
      const next = await records.next();
      timings['read, decode and split'] += performance.now() - r0;
      if (next.done) break;
      await take(next.value);
    }
    if (items.length > 0) await flush();
    post({ type: 'end', rows: n, timings, unknownCountries: [...compiled.unknownCountries] });
    for (;;) {
      const m = await inbox.next();
      if (m.type === 'ack') await handleAck(m);
      else if (m.type === 'finish') break;
    }
    await errorFile.close();
    post({ type: 'closed', errorRows: errorFile.rows });
  } catch (e) {
    await errorFile?.close().catch(() => undefined);
    post({ type: 'fatal', error: toBody(e) });
  }
}
