import { useId } from 'react';
import { useIntl } from 'react-intl';
import type { ImportPreview } from '../../../../shared/contracts/imports.js';
import { TEXT_ENCODINGS } from '../../../../shared/domain/import/encoding.js';
import { FileOptionsSchema, type FileOptions } from '../../../../shared/domain/import/mapping.js';
import { DELIMITERS, type Delimiter } from '../../../../shared/domain/import/sniff.js';
import { useT } from '../../i18n/index.js';
import { formatBytes } from './format.js';
import { useImportWhy } from './reasons.js';

const AUTO = 'auto';
const DELIMITER_KEY: Record<Delimiter, string> = { ',': 'comma', ';': 'semicolon', '\t': 'tab', '|': 'pipe' };

interface Props {
  preview: ImportPreview;
  value: FileOptions;
  onChange: (next: FileOptions) => void;
  disabled?: boolean;
}

/** Pin what was detected (with the user's overrides on top), so the import reads the file exactly as previewed. */
export function pinnedFileOptions(detected: ImportPreview['detected'], overrides: FileOptions): FileOptions {
  const pinned = FileOptionsSchema.safeParse({
    encoding: detected.encoding,
    delimiter: detected.delimiter,
    header: detected.hasHeader,
    ...overrides,
  });
  return pinned.success ? pinned.data : overrides;
}

/** What was detected about the file, why, and a way to say otherwise; a change re-reads the file. */
export function FileOptionsCard({ preview, value, onChange, disabled = false }: Props) {
  const t = useT();
  const intl = useIntl();
  const why = useImportWhy();
  const ids = { encoding: useId(), delimiter: useId(), header: useId() };
  const d = preview.detected;
  const set = (patch: Partial<Record<keyof FileOptions, unknown>>) => {
    const next: Record<string, unknown> = { ...value, ...patch };
    for (const k of Object.keys(next)) if (next[k] === undefined) delete next[k];
    const parsed = FileOptionsSchema.safeParse(next);
    if (parsed.success) onChange(parsed.data);
  };
  const delimiterName = (c: string) =>
    (DELIMITERS as readonly string[]).includes(c) ? t(`import.delimiter.${DELIMITER_KEY[c as Delimiter]}`) : c;

  return (
    <section className="card import-file" aria-labelledby="import-file-title" data-testid="import-file-options">
      <h2 id="import-file-title" className="card-title">
        {t('import.file.title', { name: preview.fileName })}
      </h2>
      <p className="muted card-hint" data-testid="import-file-summary">
        {t('import.file.summary', {
          size: formatBytes(intl, preview.size),
          rows: intl.formatNumber(preview.estimatedRows),
          count: preview.estimatedRows,
          columns: preview.columns.length,
        })}
      </p>
      <div className="file-options">
        <div className="field">
          <label htmlFor={ids.encoding} className="field-label">
            {t('import.file.encoding')}
          </label>
          <select
            id={ids.encoding}
            className="select"
            value={value.encoding ?? AUTO}
            disabled={disabled}
            onChange={(e) => set({ encoding: e.target.value === AUTO ? undefined : e.target.value })}
            data-testid="file-encoding"
          >
            <option value={AUTO}>{t('import.file.detected', { value: d.encoding.toUpperCase() })}</option>
            {TEXT_ENCODINGS.map((enc) => (
              <option key={enc} value={enc}>
                {enc.toUpperCase()}
              </option>
            ))}
          </select>
          <span className="muted detect-reason" data-testid="detected-encoding">
            {why('encoding', d.encodingWhy, d.encodingReason)}
          </span>
        </div>
        <div className="field">
          <label htmlFor={ids.delimiter} className="field-label">
            {t('import.file.delimiter')}
          </label>
          <select
            id={ids.delimiter}
            className="select"
            value={value.delimiter ?? AUTO}
            disabled={disabled}
            onChange={(e) => set({ delimiter: e.target.value === AUTO ? undefined : e.target.value })}
            data-testid="file-delimiter"
          >
            <option value={AUTO}>{t('import.file.detected', { value: delimiterName(d.delimiter) })}</option>
            {DELIMITERS.map((c) => (
              <option key={c} value={c}>
                {delimiterName(c)}
              </option>
            ))}
          </select>
          <span className="muted detect-reason" data-testid="detected-delimiter">
            {why('delimiter', d.delimiterWhy, d.delimiterReason)}
          </span>
        </div>
        <div className="field">
          <label htmlFor={ids.header} className="field-label">
            {t('import.file.header')}
          </label>
          <select
            id={ids.header}
            className="select"
            value={value.header === undefined ? AUTO : value.header ? 'yes' : 'no'}
            disabled={disabled}
            onChange={(e) => set({ header: e.target.value === AUTO ? undefined : e.target.value === 'yes' })}
            data-testid="file-header"
          >
            <option value={AUTO}>
              {t('import.file.detected', {
                value: d.hasHeader ? t('import.file.headerYes') : t('import.file.headerNo'),
              })}
            </option>
            <option value="yes">{t('import.file.headerYes')}</option>
            <option value="no">{t('import.file.headerNo')}</option>
          </select>
          <span className="muted detect-reason" data-testid="detected-header">
            {why('header', d.headerWhy, d.headerReason)}
          </span>
        </div>
      </div>
    </section>
  );
}
