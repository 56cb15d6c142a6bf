import { useCallback, useEffect, useState } from 'react';
import type { ReportFilters } from '../../../../shared/contracts/reports.js';

/**
 * A report page's filters and options live in the URL hash (#/insights/offers?from=2026-01-01&channel=…),
 * so a page can be reloaded, bookmarked or sent to a colleague as it is on screen. Values are the
 * inputs' own strings; '' or absent means "any".
 */
export type ReportParams = Record<string, string>;

export const FILTER_KEYS = ['from', 'to', 'version', 'campaign', 'channel', 'rep'] as const;

const DAY = 86_400_000;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

export function parseParams(hash: string): ReportParams {
  const q = hash.indexOf('?');
  const out: ReportParams = {};
  if (q < 0) return out;
  for (const [k, v] of new URLSearchParams(hash.slice(q + 1))) if (v !== '') out[k] = v;
  return out;
}

/** The hash for a page with these params (empty values dropped, keys in a stable order). */
export function paramsHash(page: string, params: ReportParams): string {
  const search = new URLSearchParams();
  for (const k of Object.keys(params).sort()) if (params[k]) search.set(k, params[k]!);
  const s = search.toString();
  return `#/insights/${page}${s ? `?${s}` : ''}`;
}

/** The contract's filters: a from date is the start of that UTC day, a to date includes its whole day. */
export function toReportFilters(p: ReportParams): ReportFilters {
  const out: ReportFilters = {};
  const day = (v: string | undefined) => (v && DATE.test(v) ? Date.parse(`${v}T00:00:00Z`) : NaN);
  const from = day(p.from);
  const to = day(p.to);
  if (Number.isFinite(from)) out.from = from;
  if (Number.isFinite(to)) out.to = to + DAY;
  if (out.from !== undefined && out.to !== undefined && out.from >= out.to) delete out.to;
  if (p.version && /^\d+$/.test(p.version) && Number(p.version) >= 1) out.version = Number(p.version);
  if (p.campaign) out.campaignId = p.campaign;
  if (p.channel) out.channel = p.channel;
  if (p.rep) out.repId = p.rep;
  return out;
}

export const hasFilter = (p: ReportParams): boolean => FILTER_KEYS.some((k) => !!p[k]);

/** The page's params from the hash, and a setter that writes them back (one history entry per change). */
export function useReportParams(page: string): [ReportParams, (next: ReportParams) => void] {
  const [params, setParams] = useState(() => parseParams(window.location.hash));
  useEffect(() => {
    const onHash = () => setParams(parseParams(window.location.hash));
    window.addEventListener('hashchange', onHash);
    return () => window.removeEventListener('hashchange', onHash);
  }, []);
  const set = useCallback(
    (next: ReportParams) => {
      const hash = paramsHash(page, next);
      if (hash !== window.location.hash) window.location.hash = hash;
      setParams(parseParams(hash));
    },
    [page],
  );
  return [params, set];
}

/** Keep the filters when moving to another report page: the page changes, the query stays. */
export function carryFilters(page: string, hash: string): string {
  const p = parseParams(hash);
  const kept: ReportParams = {};
  for (const k of FILTER_KEYS) if (p[k]) kept[k] = p[k]!;
  return paramsHash(page, kept);
}
