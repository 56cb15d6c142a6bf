import type { ReactNode } from 'react';
import { useT } from '../../i18n/index.js';
import { LoopPage } from './LoopPage.js';
import { insightsHref, useInsightPage, type InsightPage } from './routes.js';
import './insights.css';

/** Each report page: its menu label and what it renders. */
const PAGES: Record<InsightPage, { label: string; render: () => ReactNode }> = {
  loop: { label: 'insights.nav.loop', render: () => <LoopPage /> },
};

/** The Insights area: a list of report pages on the side, the chosen one beside it. */
export function InsightsView() {
  const t = useT();
  const page = useInsightPage();
  return (
    <div className="insights-view">
      <nav className="insights-nav" aria-label={t('insights.nav.label')}>
        <h1 className="insights-nav-title">{t('insights.title')}</h1>
        <ul>
          {(Object.keys(PAGES) as InsightPage[]).map((p) => (
            <li key={p}>
              <a
                href={insightsHref(p)}
                className={`insights-nav-link${p === page ? ' is-active' : ''}`}
                aria-current={p === page ? 'page' : undefined}
                data-testid={`insights-nav-${p}`}
              >
                {t(PAGES[p].label)}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      <div className="insights-page">{PAGES[page].render()}</div>
    </div>
  );
}
