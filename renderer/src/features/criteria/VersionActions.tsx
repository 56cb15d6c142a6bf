import { useId, useState } from 'react';
import { useIntl } from 'react-intl';
import type { VersionDetail, VersionSummary } from '../../../../shared/contracts/criteria.js';
import { ConfirmDialog } from '../../components/ConfirmDialog.js';
import { useErrorText } from '../../components/States.js';
import { useActivate, useDecide, useExportVersion, usePropose, useRescore } from '../../hooks/use-criteria.js';
import { useCurrentJob } from '../../hooks/use-jobs.js';
import { useCurrentUser } from '../../hooks/use-users.js';
import { useT } from '../../i18n/index.js';
import { ActivateDialog } from './ActivateDialog.js';
import { decisionGate } from './approval-gate.js';
import { NewDraftDialog } from './NewDraftDialog.js';
import { criteriaHref } from './routes.js';

interface Props {
  version: VersionDetail;
  versions: readonly VersionSummary[];
}

/**
 * What can be done with the version in its state: propose a draft, approve or reject a proposal
 * (owners of marketing and sales, once per team), activate an approved one, rescore the active one;
 * clone, compare and export any of them.
 */
export function VersionActions({ version, versions }: Props) {
  const t = useT();
  const intl = useIntl();
  const errorText = useErrorText();
  const user = useCurrentUser();
  const propose = usePropose();
  const decide = useDecide();
  const activate = useActivate();
  const rescore = useRescore();
  // A second rescore would only be refused while one runs (its progress shows on this page).
  const rescoreJob = useCurrentJob('rescore');
  const rescoring = rescoreJob !== null && !rescoreJob.finished;
  const exporter = useExportVersion();
  const [dialog, setDialog] = useState<'reject' | 'activate' | 'clone' | null>(null);
  const [comment, setComment] = useState('');
  const [commentError, setCommentError] = useState(false);
  const hintId = useId();
  const commentId = useId();
  const { status } = version;
  const gate = decisionGate(version, user.data ?? null);
  const active = versions.find((v) => v.status === 'active');
  const compareFrom =
    active && active.id !== version.id
      ? active.id
      : (version.parentId ?? versions.find((v) => v.number < version.number)?.id ?? null);
  const busy = propose.isPending || decide.isPending || activate.isPending || rescore.isPending;
  const failed = [propose, decide, rescore, exporter].find((m) => m.isError);

  const closeReject = () => {
    setDialog(null);
    setComment('');
    setCommentError(false);
    decide.reset();
  };

  return (
    <div className="action-area">
      <div className="action-bar" role="group" aria-label={t('criteria.actions.label')} data-testid="version-actions">
        {status === 'draft' ? (
          <button
            type="button"
            className="btn btn-primary"
            disabled={busy}
            onClick={() => propose.mutate(version.id)}
            data-testid="action-propose"
          >
            {t('criteria.actions.propose')}
          </button>
        ) : null}
        {status === 'proposed' ? (
          <>
            <button
              type="button"
              className="btn btn-primary"
              disabled={busy || !gate.allowed}
              aria-describedby={hintId}
              onClick={() => decide.mutate({ id: version.id, decision: 'approve' })}
              data-testid="action-approve"
            >
              {t('criteria.actions.approve')}
            </button>
            <button
              type="button"
              className="btn"
              disabled={busy || !gate.allowed}
              aria-describedby={hintId}
              onClick={() => setDialog('reject')}
              data-testid="action-reject"
            >
              {t('criteria.actions.reject')}
            </button>
          </>
        ) : null}
        {status === 'approved' ? (
          <button
            type="button"
            className="btn btn-primary"
            disabled={busy}
            onClick={() => setDialog('activate')}
            data-testid="action-activate"
          >
            {t(version.effectiveFrom === null ? 'criteria.actions.activate' : 'criteria.actions.reschedule')}
          </button>
        ) : null}
        {status === 'active' ? (
          <button
            type="button"
            className="btn"
            disabled={busy || rescoring}
            onClick={() => rescore.mutate(version.id)}
            data-testid="action-rescore"
          >
            {t('criteria.actions.rescore')}
          </button>
        ) : null}
        {status !== 'draft' ? (
          <button type="button" className="btn" onClick={() => setDialog('clone')} data-testid="action-clone">
            {t('criteria.actions.clone')}
          </button>
        ) : null}
        <span className="action-spacer" />
        {compareFrom ? (
          <a
            className="btn btn-ghost"
            href={criteriaHref({ page: 'diff', fromId: compareFrom, toId: version.id })}
            data-testid="action-compare"
          >
            {t('criteria.actions.compare')}
          </a>
        ) : null}
        <button
          type="button"
          className="btn btn-ghost"
          disabled={exporter.isPending}
          onClick={() => exporter.mutate({ id: version.id, format: 'json' })}
          data-testid="action-export-json"
        >
          {t('criteria.actions.exportJson')}
        </button>
        <button
          type="button"
          className="btn btn-ghost"
          disabled={exporter.isPending}
          onClick={() => exporter.mutate({ id: version.id, format: 'markdown' })}
          data-testid="action-export-md"
        >
          {t('criteria.actions.exportMarkdown')}
        </button>
      </div>

      <p id={hintId} className="action-hint" data-testid="action-hint">
        {status === 'draft' ? t('criteria.hint.draft') : null}
        {status === 'proposed' ? (
          <>
            {gate.missing.length > 0 ? (
              <span data-testid="approval-missing">
                {t('criteria.hint.waitingFor', {
                  teams: intl.formatList(
                    gate.missing.map((team) => t(`team.${team}`)),
                    { type: 'conjunction' },
                  ) as string,
                  count: gate.missing.length,
                })}
              </span>
            ) : null}{' '}
            {gate.reason ? (
              <span className="gate-reason" data-testid="approval-gate">
                {t(gate.reason.id, {
                  ...gate.reason.values,
                  team: gate.reason.values.team ? t(`team.${gate.reason.values.team}`) : '',
                })}
              </span>
            ) : null}
          </>
        ) : null}
        {status === 'approved'
          ? t(version.effectiveFrom === null ? 'criteria.hint.approved' : 'criteria.hint.scheduled')
          : null}
        {status === 'active' ? t('criteria.hint.active') : null}
        {status === 'retired' ? t('criteria.hint.retired') : null}
      </p>
      {failed ? (
        <p className="field-error" role="alert" data-testid="action-error">
          {errorText(failed.error)}
        </p>
      ) : null}

      <ConfirmDialog
        open={dialog === 'reject'}
        title={t('criteria.reject.title', { number: version.number })}
        message={t('criteria.reject.message')}
        confirmLabel={t('criteria.reject.confirm')}
        cancelLabel={t('action.cancel')}
        danger
        busy={decide.isPending}
        error={decide.isError ? errorText(decide.error) : null}
        testId="reject-dialog"
        onCancel={closeReject}
        onConfirm={() => {
          if (!comment.trim()) {
            setCommentError(true);
            return;
          }
          decide.mutate({ id: version.id, decision: 'reject', comment: comment.trim() }, { onSuccess: closeReject });
        }}
      >
        <div className="field">
          <label htmlFor={commentId} className="field-label">
            {t('criteria.reject.comment')}
          </label>
          <textarea
            id={commentId}
            className="input textarea"
            rows={3}
            maxLength={2000}
            value={comment}
            aria-invalid={commentError ? true : undefined}
            aria-describedby={commentError ? `${commentId}-error` : undefined}
            data-testid="reject-comment"
            onChange={(e) => {
              setComment(e.target.value);
              setCommentError(false);
            }}
          />
          {commentError ? (
            <span id={`${commentId}-error`} className="field-error">
              {t('criteria.reject.commentRequired')}
            </span>
          ) : null}
        </div>
      </ConfirmDialog>
      {/* Mounted only while open: "today" is the day it opens, and every opening starts fresh. */}
      {dialog === 'activate' ? (
        <ActivateDialog open version={version} activate={activate} onClose={() => setDialog(null)} />
      ) : null}
      <NewDraftDialog
        open={dialog === 'clone'}
        versions={versions}
        fromId={version.id}
        onClose={() => setDialog(null)}
      />
    </div>
  );
}
