import { useEffect, useState } from 'react';

/**
 * Report pages inside the Insights area, as hash routes (#/insights/<page>[?filters]). Another
 * report is one more entry here and in InsightsView's PAGES.
 */
export const INSIGHT_PAGES = ['loop', 'funnel', 'velocity', 'offers', 'reasons', 'lift', 'calibration', 'sla'] as const;
export type InsightPage = (typeof INSIGHT_PAGES)[number];

export function parseInsightPage(hash: string): InsightPage {
  const [area, page] = hash.replace(/^#\/?/, '').split('?')[0]!.split('/');
  const found = INSIGHT_PAGES.find((p) => p === page);
  return area === 'insights' && found ? found : 'loop';
}

export const insightsHref = (page: InsightPage): string => `#/insights/${page}`;

export function useInsightPage(): InsightPage {
  const [page, setPage] = useState(() => parseInsightPage(window.location.hash));
  useEffect(() => {
    const onHash = () => setPage(parseInsightPage(window.location.hash));
    window.addEventListener('hashchange', onHash);
    return () => window.removeEventListener('hashchange', onHash);
  }, []);
  return page;
}
