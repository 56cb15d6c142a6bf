import { useT } from '../../i18n/index.js';
import { HistoryPage } from './HistoryPage.js';
import { importHref, useImportTab, type ImportTab } from './routes.js';
import { ImportWizard } from './ImportWizard.js';
import './import.css';

const TABS: ImportTab[] = ['wizard', 'history'];

/** The Import area: the wizard and the history of imports (with undo). The wizard stays mounted, so a tab switch keeps its work. */
export function ImportView() {
  const t = useT();
  const tab = useImportTab();
  return (
    <div className="import-scroll">
      <div className="import-view">
        <div className="view-header">
          <h1 className="view-title">{t('import.title')}</h1>
          <nav className="tabs" aria-label={t('import.tabs.label')}>
            {TABS.map((id) => (
              <a
                key={id}
                href={importHref(id)}
                className={`tab${tab === id ? ' is-active' : ''}`}
                aria-current={tab === id ? 'page' : undefined}
                data-testid={`import-tab-${id}`}
              >
                {t(`import.tabs.${id}`)}
              </a>
            ))}
          </nav>
        </div>
        <div hidden={tab !== 'wizard'}>
          <ImportWizard />
        </div>
        {tab === 'history' ? <HistoryPage /> : null}
      </div>
    </div>
  );
}
