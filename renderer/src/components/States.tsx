import type { ReactNode } from 'react';
import { isApiError } from '../api.js';
import { useT } from '../i18n/index.js';

/** The shared loading, empty and error states, so every view says the same thing the same way. */

export function Spinner({ label }: { label?: string }) {
  const t = useT();
  return (
    <span className="spinner" role="status" aria-label={label ?? t('state.loading')}>
      <span className="spinner-dot" aria-hidden="true" />
    </span>
  );
}

export function LoadingState({ label }: { label?: string }) {
  const t = useT();
  return (
    <div className="state" aria-busy="true">
      <Spinner label={label ?? t('state.loading')} />
      <span className="muted">{label ?? t('state.loading')}</span>
    </div>
  );
}

export function EmptyState({ title, hint, action }: { title: string; hint?: string; action?: ReactNode }) {
  return (
    <div className="state" data-testid="empty-state">
      <div className="state-icon" aria-hidden="true">
        ∅
      </div>
      <p className="state-title">{title}</p>
      {hint ? <p className="muted">{hint}</p> : null}
      {action}
    </div>
  );
}

/** A user-facing sentence for any thrown value: a translated lead line, then the server's message when it sent one. */
export function useErrorText(): (error: unknown) => string {
  const t = useT();
  return (error) => {
    if (isApiError(error)) {
      if (error.kind === 'unauthorized') return t('error.unauthorized');
      if (error.kind === 'network') return t('error.network');
      // A statement about the team hub (cannot reach it, cannot log in): complete as sent.
      if (error.kind === 'external') return error.message;
      // Main's messages are English (145 of them); the lead line says in the UI language what kind of
      // failure it was, and the server's detail follows as it was sent.
      return t('error.withDetail', { lead: t(`error.kind.${error.kind}`), detail: error.message });
    }
    return error instanceof Error ? error.message : t('error.unknown');
  };
}

export function ErrorState({ error, onRetry }: { error: unknown; onRetry?: (() => void) | undefined }) {
  const t = useT();
  const text = useErrorText();
  return (
    <div className="state state-error" role="alert" data-testid="error-state">
      <p className="state-title">{t('error.title')}</p>
      <p className="muted">{text(error)}</p>
      {onRetry ? (
        <button type="button" className="btn" onClick={onRetry}>
          {t('action.retry')}
        </button>
      ) : null}
    </div>
  );
}
