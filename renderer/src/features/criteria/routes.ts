import { useEffect, useState } from 'react';

/**
 * Places inside the Criteria area, as hash routes: #/criteria, #/criteria/<id>, #/criteria/diff/<from>/<to>,
 * #/criteria/<id>/backtest and #/criteria/suggest.
 */
export type CriteriaRoute =
  | { page: 'list' }
  | { page: 'version'; id: string }
  | { page: 'diff'; fromId: string | null; toId: string | null }
  | { page: 'backtest'; id: string }
  | { page: 'suggest' };

export function parseCriteriaRoute(hash: string): CriteriaRoute {
  const [area, a, b, c] = hash.replace(/^#\/?/, '').split('/');
  if (area !== 'criteria' || !a) return { page: 'list' };
  if (a === 'diff') return { page: 'diff', fromId: b || null, toId: c || null };
  if (a === 'suggest') return { page: 'suggest' };
  if (b === 'backtest') return { page: 'backtest', id: a };
  return { page: 'version', id: a };
}

export function criteriaHref(route: CriteriaRoute): string {
  switch (route.page) {
    case 'list':
      return '#/criteria';
    case 'version':
      return `#/criteria/${route.id}`;
    case 'diff':
      return `#/criteria/diff/${route.fromId ?? ''}/${route.toId ?? ''}`.replace(/\/+$/, '');
    case 'backtest':
      return `#/criteria/${route.id}/backtest`;
    case 'suggest':
      return '#/criteria/suggest';
  }
}

export function goTo(route: CriteriaRoute): void {
  window.location.hash = criteriaHref(route);
}

export function useCriteriaRoute(): CriteriaRoute {
  const [route, setRoute] = useState(() => parseCriteriaRoute(window.location.hash));
  useEffect(() => {
    const onHash = () => setRoute(parseCriteriaRoute(window.location.hash));
    window.addEventListener('hashchange', onHash);
    return () => window.removeEventListener('hashchange', onHash);
  }, []);
  return route;
}
