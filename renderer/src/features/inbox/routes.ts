import { useEffect, useState } from 'react';

/**
 * Places inside the inbox area, as hash routes: #/inbox (my queue), #/inbox/accepted (my accepted
 * leads and their SQL checklist), #/inbox/team (the manager view), #/inbox/rep/<id> (one rep's queue).
 */
export type InboxRoute =
  { page: 'mine' } | { page: 'accepted'; repId: string | null } | { page: 'team' } | { page: 'rep'; repId: string };

export function parseInboxRoute(hash: string): InboxRoute {
  const [area, a, b] = hash.replace(/^#\/?/, '').split('/');
  if (area !== 'inbox' || !a) return { page: 'mine' };
  if (a === 'team') return { page: 'team' };
  if (a === 'accepted') return { page: 'accepted', repId: b || null };
  if (a === 'rep' && b) return { page: 'rep', repId: b };
  return { page: 'mine' };
}

export function inboxHref(route: InboxRoute): string {
  switch (route.page) {
    case 'mine':
      return '#/inbox';
    case 'team':
      return '#/inbox/team';
    case 'accepted':
      return route.repId ? `#/inbox/accepted/${route.repId}` : '#/inbox/accepted';
    case 'rep':
      return `#/inbox/rep/${route.repId}`;
  }
}

export function useInboxRoute(): InboxRoute {
  const [route, setRoute] = useState(() => parseInboxRoute(window.location.hash));
  useEffect(() => {
    const onHash = () => setRoute(parseInboxRoute(window.location.hash));
    window.addEventListener('hashchange', onHash);
    return () => window.removeEventListener('hashchange', onHash);
  }, []);
  return route;
}
