import { useEffect, useState } from 'react';

/** Places inside the Import area, as hash routes: #/import (the wizard) and #/import/history. */
export type ImportTab = 'wizard' | 'history';

export const parseImportTab = (hash: string): ImportTab =>
  hash.replace(/^#\/?/, '').split('/')[1] === 'history' ? 'history' : 'wizard';

export const importHref = (tab: ImportTab): string => (tab === 'history' ? '#/import/history' : '#/import');

export function useImportTab(): ImportTab {
  const [tab, setTab] = useState(() => parseImportTab(window.location.hash));
  useEffect(() => {
    const onHash = () => setTab(parseImportTab(window.location.hash));
    window.addEventListener('hashchange', onHash);
    return () => window.removeEventListener('hashchange', onHash);
  }, []);
  return tab;
}
