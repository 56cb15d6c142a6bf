import { QueryClientProvider } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { initApi } from './api.js';
import { App } from './App.js';
import { createQueryClient } from './hooks/query-client.js';
import { I18nProvider } from './i18n/index.js';
import './styles.css';

// First thing: take the harness token out of the address bar.
initApi();

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root');
createRoot(root).render(
  <StrictMode>
    <I18nProvider>
      <QueryClientProvider client={createQueryClient()}>
        <App />
      </QueryClientProvider>
    </I18nProvider>
  </StrictMode>,
);
