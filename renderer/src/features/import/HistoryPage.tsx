import { useState } from 'react';
import { useIntl } from 'react-intl';
import { z } from 'zod';
import {
  UndoConflictSchema,
  type ImportHistoryItem,
  type ScoringAfter,
  type UndoConflict,
} from '../../../../shared/contracts/imports.js';
import { isApiError } from '../../api.js';
import { ConfirmDialog } from '../../components/ConfirmDialog.js';
import { Dialog } from '../../components/Dialog.js';
import { downloadText } from '../../components/ExportButton.js';
import { EmptyState, ErrorState, LoadingState, useErrorText } from '../../components/States.js';
import { useErrorsCsv, useImportHistory, useUndoImport } from '../../hooks/use-imports.js';
import { useFormatList, useT } from '../../i18n/index.js';
import { formatBytes } from './format.js';
import { importHref } from './routes.js';
import { ScoringNote } from './ScoringNote.js';

/** Every import of this workspace: what it read and wrote, with which mapping, by whom, when; and Undo. */
export function HistoryPage() {
  const t = useT();
  const history = useImportHistory();
  const [undoing, setUndoing] = useState<ImportHistoryItem | null>(null);
  const [showing, setShowing] = useState<ImportHistoryItem | null>(null);
  const [afterUndo, setAfterUndo] = useState<ScoringAfter | undefined>(undefined);
  const list = history.data ?? [];
  return (
    <section className="card" aria-labelledby="import-history-title" data-testid="import-history">
      <h2 id="import-history-title" className="card-title">
        {t('import.history.title')}
      </h2>
      <p className="muted card-hint">{t('import.history.hint')}</p>
      <ScoringNote scoring={afterUndo} />
      {history.isPending ? <LoadingState /> : null}
      {history.isError ? <ErrorState error={history.error} onRetry={() => void history.refetch()} /> : null}
      {history.data && list.length === 0 ? (
        <EmptyState
          title={t('import.history.empty')}
          hint={t('import.history.emptyHint')}
          action={
            <a className="btn btn-primary" href={importHref('wizard')}>
              {t('import.history.start')}
            </a>
          }
        />
      ) : null}
      {list.length > 0 ? <HistoryTable items={list} onUndo={setUndoing} onShow={setShowing} /> : null}
      <UndoDialog item={undoing} onClose={() => setUndoing(null)} onUndone={setAfterUndo} />
      <Dialog
        open={showing !== null}
        title={t('import.history.mappingTitle', { name: showing?.fileName ?? '' })}
        wide
        testId="mapping-dialog"
        onClose={() => setShowing(null)}
      >
        <pre className="mapping-json">{showing ? JSON.stringify(showing.mapping, null, 2) : ''}</pre>
        <div className="dialog-actions">
          <button type="button" className="btn" onClick={() => setShowing(null)} autoFocus>
            {t('action.close')}
          </button>
        </div>
      </Dialog>
    </section>
  );
}

function HistoryTable(props: {
  items: readonly ImportHistoryItem[];
  onUndo: (item: ImportHistoryItem) => void;
  onShow: (item: ImportHistoryItem) => void;
}) {
  const t = useT();
  const intl = useIntl();
  const errorText = useErrorText();
  const csv = useErrorsCsv();
  const n = (v: number) => intl.formatNumber(v);
  return (
    <div className="table-scroll">
      {csv.isError ? <p className="field-error">{errorText(csv.error)}</p> : null}
      <table className="simple-table history-table" data-testid="history-table">
        <thead>
          <tr>
            <th scope="col">{t('import.history.col.when')}</th>
            <th scope="col">{t('import.history.col.file')}</th>
            <th scope="col">{t('import.history.col.kind')}</th>
            <th scope="col" className="align-end">
              {t('import.counts.read')}
            </th>
            <th scope="col" className="align-end">
              {t('import.counts.inserted')}
            </th>
            <th scope="col" className="align-end">
              {t('import.counts.updated')}
            </th>
            <th scope="col" className="align-end">
              {t('import.counts.rejected')}
            </th>
            <th scope="col">{t('import.history.col.mapping')}</th>
            <th scope="col">{t('import.history.col.who')}</th>
            <th scope="col">{t('import.history.col.status')}</th>
            <th scope="col">
              <span className="visually-hidden">{t('import.history.col.actions')}</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {props.items.map((it) => (
            <tr key={it.id} data-testid="history-row" data-import-id={it.id} data-status={it.status}>
              <td>
                <time dateTime={new Date(it.startedAt).toISOString()}>
                  {intl.formatDate(it.startedAt, { dateStyle: 'medium', timeStyle: 'short' })}
                </time>
              </td>
              <td>
                <span className="strong" data-testid="history-file">
                  {it.fileName}
                </span>{' '}
                <span className="muted">{formatBytes(intl, it.fileSize)}</span>
              </td>
              <td>{t(`import.kind.${it.kind}`)}</td>
              <td className="align-end num" data-testid="history-read">
                {n(it.counts.read)}
              </td>
              <td className="align-end num" data-testid="history-inserted">
                {n(it.counts.inserted)}
              </td>
              <td className="align-end num" data-testid="history-updated">
                {n(it.counts.updated)}
              </td>
              <td className="align-end num" data-testid="history-rejected">
                {n(it.counts.rejected)}
              </td>
              <td>
                <button
                  type="button"
                  className="link-btn"
                  onClick={() => props.onShow(it)}
                  data-testid="history-mapping"
                >
                  {it.mapping.name ?? t('import.history.customMapping')}
                </button>
              </td>
              <td>{it.userName ?? <span className="muted">{t('import.history.nobody')}</span>}</td>
              <td data-testid="history-status">
                {it.status === 'undone' && it.undoneAt ? (
                  <span className="badge">
                    {t('import.history.undoneAt', {
                      date: intl.formatDate(it.undoneAt, { dateStyle: 'medium', timeStyle: 'short' }),
                    })}
                  </span>
                ) : (
                  <span className="badge badge-ok">{t('import.history.imported')}</span>
                )}
              </td>
              <td className="history-actions">
                {it.hasErrorFile ? (
                  <button
                    type="button"
                    className="btn btn-ghost btn-small"
                    disabled={csv.isPending}
                    onClick={() => csv.mutate(it.id, { onSuccess: (r) => downloadText(r.fileName, r.content) })}
                    data-testid="history-rejected-download"
                  >
                    {t('import.history.rejectedCsv')}
                  </button>
                ) : null}
                {it.status === 'done' ? (
                  <button
                    type="button"
                    className="btn btn-small"
                    onClick={() => props.onUndo(it)}
                    data-testid="history-undo"
                  >
                    {t('import.history.undo')}
                  </button>
                ) : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** Undo asks first; when later work would be lost the server says what, and the user may go ahead anyway. */
function UndoDialog({
  item,
  onClose,
  onUndone,
}: {
  item: ImportHistoryItem | null;
  onClose: () => void;
  onUndone: (scoring: ScoringAfter | undefined) => void;
}) {
  const t = useT();
  const intl = useIntl();
  const errorText = useErrorText();
  const undo = useUndoImport();
  const list = useFormatList();
  const conflict = undo.isError && isApiError(undo.error) && undo.error.kind === 'conflict';
  // The server lists what later work would be lost; say it in our words, and offer to go ahead.
  const details =
    conflict && isApiError(undo.error) ? (undo.error.details as { problems?: unknown } | undefined) : undefined;
  const problems = Array.isArray(details?.problems) ? details.problems.map(String) : null;
  // Said in the UI language from the facts when main sent them, else main's English.
  const conflicts = z.array(UndoConflictSchema).safeParse((details as { conflicts?: unknown } | undefined)?.conflicts);
  const sayConflict = (c: UndoConflict): string =>
    c.code === 'later'
      ? t('import.undo.problem.later', { files: list(c.files) })
      : c.code === 'changed'
        ? t('import.undo.problem.changed', {
            entity: t(`import.kind.${c.entity}`),
            count: c.n,
            n: c.n,
          })
        : t('import.undo.problem.dependents', {
            what: t(`import.undo.dependent.${c.what}`),
            count: c.n,
            n: c.n,
          });
  const said = conflicts.success && conflicts.data.length > 0 ? conflicts.data.map(sayConflict) : problems;
  const close = () => {
    undo.reset();
    onClose();
  };
  return (
    <ConfirmDialog
      open={item !== null}
      title={t('import.undo.title', { name: item?.fileName ?? '' })}
      message={
        item
          ? t('import.undo.message', {
              inserted: intl.formatNumber(item.counts.inserted),
              insertedCount: item.counts.inserted,
              updated: intl.formatNumber(item.counts.updated),
              updatedCount: item.counts.updated,
            })
          : ''
      }
      confirmLabel={conflict ? t('import.undo.force') : t('import.undo.confirm')}
      cancelLabel={t('action.cancel')}
      danger
      busy={undo.isPending}
      error={undo.isError && !problems ? errorText(undo.error) : null}
      testId="undo-dialog"
      onCancel={close}
      onConfirm={() =>
        item &&
        undo.mutate(
          { id: item.id, force: conflict },
          {
            onSuccess: (r) => {
              onUndone(r.scoring);
              close();
            },
          },
        )
      }
    >
      {problems ? (
        <div className="undo-conflict" role="alert" data-testid="undo-conflict">
          <p className="field-error">{t('import.undo.conflict')}</p>
          <ul>
            {(said ?? problems).map((p) => (
              <li key={p}>{p}</li>
            ))}
          </ul>
          <p className="muted">{t('import.undo.forceHint')}</p>
        </div>
      ) : null}
    </ConfirmDialog>
  );
}
