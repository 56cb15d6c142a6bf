import { useEffect, useState } from 'react';
import { useReviewEvents } from '../../hooks/use-reviews.js';
import { PackPage } from './PackPage.js';
import { ReviewList } from './ReviewList.js';
import { ReviewPage } from './ReviewPage.js';
import { parseReviewRoute, type ReviewRoute } from './routes.js';
import './review.css';

/** The quarterly criteria review: history, the meeting, and the pack. */
export function ReviewView() {
  const [route, setRoute] = useState<ReviewRoute>(() => parseReviewRoute(window.location.hash));
  useReviewEvents();
  useEffect(() => {
    const onHash = () => setRoute(parseReviewRoute(window.location.hash));
    window.addEventListener('hashchange', onHash);
    return () => window.removeEventListener('hashchange', onHash);
  }, []);
  if (route.page === 'review') return <ReviewPage key={route.id} id={route.id} />;
  if (route.page === 'pack') return <PackPage key={route.id} id={route.id} />;
  return <ReviewList />;
}
