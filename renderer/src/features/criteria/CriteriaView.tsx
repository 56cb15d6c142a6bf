import { BacktestPage } from './BacktestPage.js';
import { DiffPage } from './DiffPage.js';
import { useCriteriaRoute } from './routes.js';
import { SuggestPage } from './SuggestPage.js';
import { VersionPage } from './VersionPage.js';
import { VersionsPage } from './VersionsPage.js';

/** The Criteria area: the versions, one version (its editor while a draft), or two compared. */
export function CriteriaView() {
  const route = useCriteriaRoute();
  return (
    <div className="criteria-scroll">
      {route.page === 'version' ? (
        <VersionPage key={route.id} id={route.id} />
      ) : route.page === 'backtest' ? (
        <BacktestPage key={route.id} id={route.id} />
      ) : route.page === 'suggest' ? (
        <SuggestPage />
      ) : route.page === 'diff' ? (
        <DiffPage fromId={route.fromId} toId={route.toId} />
      ) : (
        <VersionsPage />
      )}
    </div>
  );
}
