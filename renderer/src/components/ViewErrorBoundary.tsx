import { Component, type ErrorInfo, type ReactNode } from 'react';
import { useT } from '../i18n/index.js';

/** A lazily loaded part of the app whose file is gone: the build was replaced while the window was open. */
const isStaleChunk = (e: unknown): boolean =>
  e instanceof Error && /dynamically imported module|Importing a module script failed|error loading dynamically imported module/i.test(e.message);

function ViewFailed({ error }: { error: unknown }) {
  const t = useT();
  const stale = isStaleChunk(error);
  return (
    <div className="state state-error" role="alert" data-testid="view-error">
      <p className="state-title">{t(stale ? 'error.view.staleTitle' : 'error.view.title')}</p>
      <p className="muted">{stale ? t('error.view.staleText') : error instanceof Error ? error.message : String(error)}</p>
      <button type="button" className="btn" onClick={() => window.location.reload()} data-testid="view-error-reload">
        {t('error.view.reload')}
      </button>
    </div>
  );
}

/**
 * What a view shows instead of a blank window when it throws while rendering, or when its code
 * cannot be loaded. Keyed by the area, so opening another area starts afresh.
 */
export class ViewErrorBoundary extends Component<{ children: ReactNode }, { error: unknown }> {
  override state: { error: unknown } = { error: null };

  static getDerivedStateFromError(error: unknown): { error: unknown } {
    return { error };
  }

  override componentDidCatch(error: unknown, info: ErrorInfo): void {
    console.error('[view] render failed:', error, info.componentStack);
  }

  override render(): ReactNode {
    return this.state.error === null ? this.props.children : <ViewFailed error={this.state.error} />;
  }
}
