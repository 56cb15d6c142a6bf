import { lazy, Suspense, useEffect, useState } from 'react';
import { CurrentUserPicker } from './components/CurrentUserPicker.js';
import { LoadingState } from './components/States.js';
import { JobProgress } from './components/JobProgress.js';
import { ViewErrorBoundary } from './components/ViewErrorBoundary.js';
import { CriteriaView } from './features/criteria/CriteriaView.js';
import { ImportView } from './features/import/ImportView.js';
import { InboxView } from './features/inbox/InboxView.js';
import { LeadsView } from './features/leads/LeadsView.js';
import { ReviewView } from './features/review/ReviewView.js';
import { OutcomesView } from './features/outcomes/OutcomesView.js';
import { SettingsView } from './features/settings/SettingsView.js';
import { useDataEvents } from './hooks/use-data-events.js';
import { useWorkspaceInfo } from './hooks/use-workspace.js';
import { useT } from './i18n/index.js';

/** The reports and their chart library load when Insights is first opened, not at start-up. */
const InsightsView = lazy(() =>
  import('./features/insights/InsightsView.js').then((m) => ({ default: m.InsightsView })),
);

/** Every area of the product, in menu order; only the ones that work today are shown. */
const AREAS = [
  { id: 'criteria', ready: true },
  { id: 'leads', ready: true },
  { id: 'inbox', ready: true },
  { id: 'outcomes', ready: true },
  { id: 'insights', ready: true },
  { id: 'review', ready: true },
  { id: 'import', ready: true },
  { id: 'settings', ready: true },
] as const;
type Area = (typeof AREAS)[number]['id'];
const READY = AREAS.filter((a) => a.ready);
const DEFAULT_AREA: Area = 'leads';

/** Hash routes (#/leads) work the same over file:// in Electron and over the harness. */
function areaFromHash(): Area {
  const id = window.location.hash.replace(/^#\/?/, '').split('/')[0];
  return READY.find((a) => a.id === id)?.id ?? DEFAULT_AREA;
}

function useArea(): Area {
  const [area, setArea] = useState<Area>(areaFromHash);
  useEffect(() => {
    const onHash = () => setArea(areaFromHash());
    window.addEventListener('hashchange', onHash);
    return () => window.removeEventListener('hashchange', onHash);
  }, []);
  return area;
}

function workspaceName(path: string): string {
  const base = path.split(/[\\/]/).pop() ?? path;
  return base.replace(/\.(db|sqlite3?|leadpact)$/i, '') || base;
}

function Header({ area }: { area: Area }) {
  const t = useT();
  const info = useWorkspaceInfo();
  return (
    <header className="topbar">
      <div className="topbar-title">
        {info.data ? (
          <>
            <span className="workspace-name" title={info.data.path} data-testid="workspace-name">
              {workspaceName(info.data.path)}
            </span>
            <span className="topbar-meta" data-testid="workspace-lead-count">
              {t('workspace.leadCount', { count: info.data.leadCount })}
            </span>
          </>
        ) : info.isError ? (
          <span className="field-error">{t('workspace.unavailable')}</span>
        ) : (
          <span className="muted">{t('state.loading')}</span>
        )}
      </div>
      <div className="topbar-end">
        {/* The Criteria and Import areas show the full progress panel; elsewhere a running job shows here. */}
        {area === 'criteria' || area === 'import' ? null : <JobProgress compact />}
        <CurrentUserPicker compact />
      </div>
    </header>
  );
}

export function App() {
  const t = useT();
  const area = useArea();
  useDataEvents();
  useEffect(() => {
    document.title = t('app.documentTitle', { area: t(`nav.${area}`) });
  }, [area, t]);

  return (
    <div className="app">
      <nav className="sidenav" aria-label={t('nav.label')}>
        <div className="brand">
          <span className="brand-mark" aria-hidden="true">
            L
          </span>
          <span className="brand-name">{t('app.name')}</span>
        </div>
        <ul className="nav-list">
          {READY.map((a) => (
            <li key={a.id}>
              <a
                href={`#/${a.id}`}
                className={`nav-link${area === a.id ? ' is-active' : ''}`}
                aria-current={area === a.id ? 'page' : undefined}
                data-testid={`nav-${a.id}`}
              >
                <span className={`nav-icon icon-${a.id}`} aria-hidden="true" />
                {t(`nav.${a.id}`)}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      <div className="main">
        <Header area={area} />
        <main className="view">
          <ViewErrorBoundary key={area}>
            {area === 'settings' ? (
              <SettingsView />
            ) : area === 'criteria' ? (
              <CriteriaView />
            ) : area === 'inbox' ? (
              <InboxView />
            ) : area === 'insights' ? (
              <Suspense fallback={<LoadingState />}>
                <InsightsView />
              </Suspense>
            ) : area === 'import' ? (
              <ImportView />
            ) : area === 'review' ? (
              <ReviewView />
            ) : area === 'outcomes' ? (
              <OutcomesView />
            ) : (
              <LeadsView />
            )}
          </ViewErrorBoundary>
        </main>
      </div>
    </div>
  );
}
