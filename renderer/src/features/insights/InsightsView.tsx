import type { ReactNode } from 'react';
import { useT } from '../../i18n/index.js';
import { CalibrationPage } from './CalibrationPage.js';
import { FunnelPage } from './FunnelPage.js';
import { LiftPage } from './LiftPage.js';
import { LoopPage } from './LoopPage.js';
import { OffersPage } from './OffersPage.js';
import { ReasonsPage } from './ReasonsPage.js';
import { carryFilters } from './report-params.js';
import { insightsHref, useInsightPage, type InsightPage } from './routes.js';
import { SlaPage } from './SlaPage.js';
import { VelocityPage } from './VelocityPage.js';
import './insights.css';

/** Each report page: its menu label and what it renders. */
const PAGES: Record<InsightPage, { label: string; render: () => ReactNode }> = {
  loop: { label: 'insights.nav.loop', render: () => <LoopPage /> },
  funnel: { label: 'insights.nav.funnel', render: () => <FunnelPage /> },
  velocity: { label: 'insights.nav.velocity', render: () => <VelocityPage /> },
  offers: { label: 'insights.nav.offers', render: () => <OffersPage /> },
  reasons: { label: 'insights.nav.reasons', render: () => <ReasonsPage /> },
  lift: { label: 'insights.nav.lift', render: () => <LiftPage /> },
  calibration: { label: 'insights.nav.calibration', render: () => <CalibrationPage /> },
  sla: { label: 'insights.nav.sla', render: () => <SlaPage /> },
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
                onClick={(e) => {
                  // The report filters travel with the user from one report page to the next.
                  if (p === 'loop' || e.metaKey || e.ctrlKey || e.shiftKey) return;
                  e.preventDefault();
                  window.location.hash = carryFilters(p, window.location.hash);
                }}
              >
                {t(PAGES[p].label)}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      <div className="insights-page" key={page}>
        {PAGES[page].render()}
      </div>
    </div>
  );
}
