import './zod-jitless.js';
import { QueryClientProvider } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { initApi } from './api.js';
import { App } from './App.js';
import { createQueryClient } from './hooks/query-client.js';
import { DEFAULT_LEAD_SORT, leadCountOptions, leadsListOptions, NO_FILTERS } from './hooks/use-leads.js';
import { versionsListOptions } from './hooks/use-criteria.js';
import { workspaceInfoOptions } from './hooks/use-workspace.js';
import { preferencesOptions } from './hooks/use-preferences.js';
import { I18nProvider } from './i18n/index.js';
import './styles.css';

// First thing: take the harness token out of the address bar.
initApi();

// Ask for the first screen's data now, while React renders the shell, not after it has mounted.
const client = createQueryClient();
void client.prefetchQuery(preferencesOptions());
void client.prefetchQuery(workspaceInfoOptions());
if (/^#\/?criteria/.test(window.location.hash)) {
  void client.prefetchQuery(versionsListOptions());
} else if (!/^#\/?settings/.test(window.location.hash)) {
  void client.prefetchInfiniteQuery(leadsListOptions(DEFAULT_LEAD_SORT, NO_FILTERS));
  void client.prefetchQuery(leadCountOptions(NO_FILTERS));
}

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root');
createRoot(root).render(
  <StrictMode>
    <QueryClientProvider client={client}>
      <I18nProvider>
        <App />
      </I18nProvider>
    </QueryClientProvider>
  </StrictMode>,
);
