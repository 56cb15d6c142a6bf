import { useMutation, useQuery } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
import { useIntl } from 'react-intl';
import { reviews } from '../../../../shared/contracts/reviews.js';
import { call } from '../../api.js';
import { downloadText } from '../../components/ExportButton.js';
import { ErrorState, LoadingState, useErrorText } from '../../components/States.js';
import { fetchPack, reviewKeys } from '../../hooks/use-reviews.js';
import { useT } from '../../i18n/index.js';
import { reviewHref } from './routes.js';

/**
 * The review pack inside the app: the same HTML the CLI prints, in a shadow root so its styles stay
 * its own. Printing uses the browser's print path: the print stylesheet (review.css) hides the app
 * around it, so "Print / PDF" here, Playwright's page.pdf and Electron's printToPDF give the same pages.
 */
export function PackPage({ id }: { id: string }) {
  const t = useT();
  // The pack is written in the UI's language and locale, as the screens around it are.
  const { locale } = useIntl();
  const pack = useQuery({ queryKey: [...reviewKeys.get(id), 'pack', locale], queryFn: () => fetchPack(id, locale), staleTime: 0 });
  const host = useRef<HTMLDivElement>(null);
  const errorText = useErrorText();
  // In the desktop app the main process prints this window with printToPDF; in a browser, its print dialog does.
  const desktop = typeof window !== 'undefined' && window.api !== undefined;
  const save = useMutation({ mutationFn: () => call(reviews.savePdf, { id }) });

  useEffect(() => {
    const el = host.current;
    if (!el || !pack.data) return;
    const doc = new DOMParser().parseFromString(pack.data.html, 'text/html');
    const css = [...doc.querySelectorAll('style')].map((s) => s.textContent ?? '').join('\n').replace(/@page[^}]*}/g, '').replace(/\bbody\s*\{/g, ':host {');
    const root = el.shadowRoot ?? el.attachShadow({ mode: 'open' });
    root.innerHTML = '';
    const style = document.createElement('style');
    style.textContent = css;
    root.append(style, ...[...doc.body.childNodes].map((n) => document.importNode(n, true)));
  }, [pack.data]);

  return (
    <div className="review-pack-page" data-testid="review-pack">
      <div className="review-pack-toolbar">
        <a className="back-link" href={reviewHref({ page: 'review', id })}>
          {t('review.pack.back')}
        </a>
        <span className="review-header-actions">
          <button type="button" className="btn" disabled={!pack.data} onClick={() => pack.data && downloadText(pack.data.filename, pack.data.html, 'text/html;charset=utf-8')} data-testid="pack-download-html">
            {t('review.pack.downloadHtml')}
          </button>
          {desktop ? (
            <button type="button" className="btn btn-primary" disabled={!pack.data || save.isPending} onClick={() => save.mutate()} data-testid="pack-save-pdf">
              {t('review.pack.savePdf')}
            </button>
          ) : (
            <button type="button" className="btn btn-primary" disabled={!pack.data} onClick={() => window.print()} data-testid="pack-print">
              {t('review.pack.print')}
            </button>
          )}
        </span>
      </div>
      {save.data?.path ? <p className="review-pack-toolbar muted" role="status">{t('review.pack.saved', { path: save.data.path })}</p> : null}
      {save.isError ? <p className="review-pack-toolbar field-error" role="alert">{errorText(save.error)}</p> : null}
      {pack.isPending ? <LoadingState label={t('review.pack.loading')} /> : null}
      {pack.isError ? <ErrorState error={pack.error} onRetry={() => void pack.refetch()} /> : null}
      <div className="review-pack-sheet" ref={host} data-testid="review-pack-sheet" data-ready={pack.data ? 'true' : 'false'} />
    </div>
  );
}
