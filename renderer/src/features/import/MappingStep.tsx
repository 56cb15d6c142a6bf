import { useMemo, useState } from 'react';
import type { ImportPreview } from '../../../../shared/contracts/imports.js';
import type { FileOptions, Mapping } from '../../../../shared/domain/import/mapping.js';
import type { ImportKind } from '../../../../shared/domain/import/targets.js';
import { ErrorState, LoadingState } from '../../components/States.js';
import { useDebouncedValue } from '../../hooks/use-debounced-value.js';
import { useImportPreview, type PreviewRequest, type UploadedFile } from '../../hooks/use-imports.js';
import { useUsers } from '../../hooks/use-users.js';
import { useFormatList, useT } from '../../i18n/index.js';
import { ColumnOptionsDialog } from './ColumnOptionsDialog.js';
import { ExtraFieldForm } from './ExtraFieldForm.js';
import { FileOptionsCard, pinnedFileOptions } from './FileOptionsCard.js';
import { targetLabel } from './labels.js';
import {
  draftProblems,
  draftToMapping,
  mergeDraft,
  templateUse,
  type ColumnDraft,
  type MappingDraft,
  type PreviewColumn,
} from './mapping-draft.js';
import { MappingTable } from './MappingTable.js';
import { unknownUserValues } from './unknown-users.js';
import { PreviewTable } from './PreviewTable.js';
import { SavePresetForm } from './SavePresetForm.js';

export const PREVIEW_ROWS = 20;
const NO_COLUMNS: PreviewColumn[] = [];

interface Props {
  upload: UploadedFile;
  kind: ImportKind;
  presetId: string;
  /** Why the wizard came back here (a cancelled or failed run), shown above the mapping. */
  notice: { text: string; error: boolean } | null;
  starting: boolean;
  startError: string | null;
  onBack: () => void;
  onStart: (mapping: Mapping) => void;
}

/** Step 2: the file as detected, the mapping column by column, and the first rows through it. */
export function MappingStep(props: Props) {
  const t = useT();
  const list = useFormatList();
  const { upload, kind } = props;
  // "Use the suggested mapping instead" of a preset that does not fit the file: the preview without it.
  const [presetId, setPresetId] = useState(props.presetId);
  const [file, setFile] = useState<FileOptions>({});
  const baseInput = useMemo<PreviewRequest>(
    () => ({
      source: { uploadId: upload.uploadId },
      kind,
      ...(presetId ? { presetId } : {}),
      ...(Object.keys(file).length > 0 ? { file } : {}),
      rows: PREVIEW_ROWS,
    }),
    [upload.uploadId, kind, presetId, file],
  );
  const base = useImportPreview(baseInput);

  // A new reading of the file (other delimiter, encoding, header) refits the draft to its columns.
  const [state, setState] = useState<{ from: ImportPreview | null; draft: MappingDraft | null; seen: ColumnDraft[] }>({
    from: null,
    draft: null,
    seen: [],
  });
  if (base.data && !base.isPlaceholderData && state.from !== base.data) {
    const seen = [...state.seen, ...(state.draft?.columns ?? [])];
    setState({ from: base.data, draft: mergeDraft(state.draft, base.data.mapping, base.data.columns, seen), seen });
  }
  const draft = state.draft;
  const setDraft = (next: MappingDraft) => setState((s) => ({ ...s, draft: next }));
  const columns = state.from?.columns ?? NO_COLUMNS;

  const problems = useMemo(() => (draft ? draftProblems(draft, columns) : []), [draft, columns]);
  // Owner and rep values that name no user are said here, before the import leaves them empty.
  const users = useUsers();
  const unknownUsers = useMemo(() => (draft && users.data ? unknownUserValues(draft, columns, users.data) : []), [draft, columns, users.data]);
  const built = useMemo(() => (draft ? draftToMapping(draft, file) : null), [draft, file]);
  const blocking = problems.some((p) => p.code === 'dayMonth' || p.code === 'attributeKey');
  const liveKey = built?.ok && !blocking ? JSON.stringify(built.mapping) : null;
  const settledKey = useDebouncedValue(liveKey, 250);
  const liveInput = useMemo<PreviewRequest | null>(
    () => (settledKey ? { ...baseInput, mapping: JSON.parse(settledKey) as Mapping } : null),
    [baseInput, settledKey],
  );
  const live = useImportPreview(liveInput);
  // The previous mapping's rows may stand in while the new ones load, but not those of another reading of the file.
  const sameColumns = (a: ImportPreview, b: ImportPreview) =>
    a.columns.length === b.columns.length && a.columns.every((c, i) => c.name === b.columns[i]?.name);
  const shown = liveInput && live.data && state.from && sameColumns(live.data, state.from) ? live.data : state.from;
  const liveCurrent = liveInput !== null && live.isSuccess && !live.isPlaceholderData && settledKey === liveKey;
  const serverProblems = liveCurrent ? live.data.mappingProblems : [];
  const [optionsFor, setOptionsFor] = useState<number | null>(null);

  if (base.isError && !state.from) {
    return (
      <section className="card" data-testid="import-preview-error">
        <ErrorState error={base.error} />
        <div className="form-actions">
          <button type="button" className="btn" onClick={props.onBack} data-testid="import-back">
            {t('import.back')}
          </button>
        </div>
      </section>
    );
  }
  if (!state.from || !draft || !shown)
    return <LoadingState label={t('import.preview.loading', { name: upload.fileName })} />;

  const canStart = built?.ok === true && problems.length === 0 && liveCurrent && serverProblems.length === 0;
  const finalMapping = built?.ok ? draftToMapping(draft, pinnedFileOptions(state.from.detected, file)) : null;
  const optionColumn = optionsFor !== null ? draft.columns[optionsFor] : undefined;

  return (
    <div className="import-mapping" data-testid="import-mapping">
      {props.notice ? (
        <div className={`banner${props.notice.error ? ' banner-error' : ''}`} role="status" data-testid="import-notice">
          <p>{props.notice.text}</p>
        </div>
      ) : null}
      <FileOptionsCard preview={state.from} value={file} onChange={setFile} disabled={base.isFetching} />
      {base.isError ? (
        <section className="card" data-testid="reread-error">
          <ErrorState error={base.error} />
        </section>
      ) : null}
      <section className="card" aria-labelledby="import-mapping-title">
        <div className="card-head">
          <h2 id="import-mapping-title" className="card-title">
            {t('import.mapping.title', { kind: t(`import.kind.${kind}`) })}
          </h2>
          {state.from.preset ? (
            <span className="badge badge-accent" data-testid="mapping-preset">
              {t('import.mapping.fromPreset', { name: state.from.preset.name })}
            </span>
          ) : (
            <span className="badge" data-testid="mapping-preset">
              {t('import.mapping.fromSuggestions')}
            </span>
          )}
        </div>
        <p className="muted card-hint">{t('import.mapping.hint')}</p>
        {state.from.preset && state.from.preset.dropped.length > 0 ? (
          <PresetMismatch
            preset={state.from.preset}
            onUseSuggested={() => {
              // A fresh draft from the suggestions: the preset's "ignore" choices are not the user's.
              setState({ from: null, draft: null, seen: [] });
              setPresetId('generic');
            }}
          />
        ) : null}
        {unknownUsers.map((u) => (
          <p key={u.column} className="banner import-banner-warning" role="status" data-testid="mapping-unknown-users">
            {t('import.mapping.unknownUsers', {
              count: u.values.length,
              column: u.column,
              values: list(u.values.slice(0, 10).map((v) => `“${v}”`), 'unit') + (u.values.length > 10 ? ' …' : ''),
            })}
          </p>
        ))}
        {kind === 'leads' && !mapsTo(draft, 'createdAt') ? (
          <p className="banner import-banner-warning" role="status" data-testid="mapping-no-created">
            {t('import.mapping.noCreatedAt', { field: targetLabel(t, kind, 'createdAt') })}
          </p>
        ) : null}
        {draft.extras.length > 0 ? (
          <ul className="extras" data-testid="mapping-extras">
            {draft.extras.map((f, i) => (
              <li key={`${f.target}-${i}`}>
                <span className="badge">{targetLabel(t, kind, f.target)}</span>{' '}
                {'template' in f
                  ? t('import.mapping.fromTemplate', { template: f.template })
                  : 'column' in f
                    ? t('import.mapping.fromColumn', { column: f.column })
                    : 'value' in f
                      ? t('import.mapping.fromValue', { value: String(f.value) })
                      : null}
                <button
                  type="button"
                  className="btn btn-ghost btn-small"
                  onClick={() => setDraft({ ...draft, extras: draft.extras.filter((_, j) => j !== i) })}
                >
                  {t('import.mapping.removeExtra')}
                </button>
              </li>
            ))}
          </ul>
        ) : null}
        <MappingTable
          draft={draft}
          columns={columns}
          problems={problems}
          templateUse={templateUse(draft)}
          onChange={(i, next) => setDraft({ ...draft, columns: draft.columns.map((c, j) => (j === i ? next : c)) })}
          onOptions={setOptionsFor}
        />
        <ExtraFieldForm
          kind={kind}
          columns={draft.columns.map((c) => c.column)}
          onAdd={(f) => setDraft({ ...draft, extras: [...draft.extras, f] })}
        />
        <MappingProblems kind={kind} problems={problems} server={serverProblems} />
        <SavePresetForm mapping={built?.ok ? built.mapping : null} onSaved={(name) => setDraft({ ...draft, name })} />
      </section>
      <PreviewTable preview={shown} stale={liveInput !== null && (live.isFetching || settledKey !== liveKey)} />
      <div className="action-bar import-actions">
        <button type="button" className="btn" onClick={props.onBack} data-testid="import-back">
          {t('import.back')}
        </button>
        <span className="muted action-hint">{t('import.start.hint')}</span>
        <button
          type="button"
          className="btn btn-primary"
          disabled={!canStart || props.starting || !finalMapping?.ok}
          onClick={() => finalMapping?.ok && props.onStart(finalMapping.mapping)}
          data-testid="import-start"
        >
          {props.starting ? t('import.start.busy') : t('import.start.button')}
        </button>
      </div>
      {props.startError ? (
        <p className="field-error" role="alert">
          {props.startError}
        </p>
      ) : null}
      <ColumnOptionsDialog
        kind={kind}
        column={optionColumn ?? null}
        preview={columns.find((c) => c.name === optionColumn?.column)}
        onClose={() => setOptionsFor(null)}
        onSave={(transform) => {
          if (optionsFor !== null)
            setDraft({ ...draft, columns: draft.columns.map((c, j) => (j === optionsFor ? { ...c, transform } : c)) });
          setOptionsFor(null);
        }}
      />
    </div>
  );
}

/** Whether a column or an extra field of the draft goes to `target`. */
function mapsTo(draft: MappingDraft, target: string): boolean {
  return draft.columns.some((c) => c.target === target) || draft.extras.some((f) => f.target === target);
}

/**
 * The preset names columns this file does not have: which ones, and the way out. Without this a
 * preset made for another export leaves every column on "Ignore" with no word why.
 */
function PresetMismatch({
  preset,
  onUseSuggested,
}: {
  preset: NonNullable<ImportPreview['preset']>;
  onUseSuggested: () => void;
}) {
  const t = useT();
  const list = useFormatList();
  const missing = list([...new Set(preset.dropped.flatMap((d) => d.split(', ')))].map((c) => `“${c}”`));
  return (
    <div
      className={`banner ${preset.kept === 0 ? 'banner-error' : 'import-banner-warning'}`}
      role="alert"
      data-testid="preset-mismatch"
      data-fit={preset.kept === 0 ? 'none' : 'some'}
    >
      <p>
        {preset.kept === 0
          ? t('import.mapping.presetNoFit', { name: preset.name, columns: missing })
          : t('import.mapping.presetPartFit', {
              name: preset.name,
              columns: missing,
              count: preset.dropped.length,
            })}
      </p>
      <button type="button" className="btn btn-small" onClick={onUseSuggested} data-testid="preset-use-suggested">
        {t('import.mapping.useSuggested')}
      </button>
    </div>
  );
}

function MappingProblems({
  kind,
  problems,
  server,
}: {
  kind: ImportKind;
  problems: ReturnType<typeof draftProblems>;
  server: readonly string[];
}) {
  const t = useT();
  const general = problems.filter((p) => !('column' in p) || p.code === 'dayMonth');
  if (general.length === 0 && server.length === 0) return null;
  return (
    <ul className="problems" role="alert" data-testid="mapping-problems">
      {general.map((p, i) => (
        <li key={`${p.code}-${i}`} className="field-error">
          {p.code === 'required'
            ? t('import.problem.required', { target: targetLabel(t, kind, p.target) })
            : p.code === 'leadKey'
              ? t('import.problem.leadKey')
              : p.code === 'leadRef'
                ? t('import.problem.leadRef')
                : p.code === 'dayMonth'
                  ? t('import.problem.dayMonth', { column: p.column })
                  : null}
        </li>
      ))}
      {problems.length === 0
        ? server.map((s) => (
            <li key={s} className="field-error" data-testid="server-problem">
              {s}
            </li>
          ))
        : null}
    </ul>
  );
}
