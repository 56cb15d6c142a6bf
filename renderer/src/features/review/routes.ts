/** Places inside the Review area: #/review (history and new review), #/review/<id> (meeting mode), #/review/<id>/pack. */
export type ReviewRoute = { page: 'list' } | { page: 'review'; id: string } | { page: 'pack'; id: string };

export function parseReviewRoute(hash: string): ReviewRoute {
  const [area, id, sub] = hash.replace(/^#\/?/, '').split('/');
  if (area !== 'review' || !id) return { page: 'list' };
  return sub === 'pack' ? { page: 'pack', id } : { page: 'review', id };
}

export function reviewHref(route: ReviewRoute): string {
  if (route.page === 'list') return '#/review';
  return route.page === 'pack' ? `#/review/${route.id}/pack` : `#/review/${route.id}`;
}

/** The quarter a review is usually held for: the last one that has ended. */
export function lastEndedQuarter(now: number): string {
  const d = new Date(now);
  const q = Math.floor(d.getUTCMonth() / 3);
  return q === 0 ? `${d.getUTCFullYear() - 1}Q4` : `${d.getUTCFullYear()}Q${q}`;
}

/** The last `n` quarters up to and including the current one, newest first. */
export function recentQuarters(now: number, n = 8): string[] {
  const d = new Date(now);
  let year = d.getUTCFullYear();
  let q = Math.floor(d.getUTCMonth() / 3) + 1;
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    out.push(`${year}Q${q}`);
    q -= 1;
    if (q === 0) {
      q = 4;
      year -= 1;
    }
  }
  return out;
}
