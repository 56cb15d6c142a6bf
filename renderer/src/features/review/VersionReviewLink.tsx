import { useReviewForVersion } from '../../hooks/use-reviews.js';
import { useT } from '../../i18n/index.js';
import { reviewHref } from './routes.js';

/** On a version page: the review that produced (or proposed) this version, linked; nothing when there is none. */
export function VersionReviewLink({ versionId }: { versionId: string }) {
  const t = useT();
  const r = useReviewForVersion(versionId).data;
  if (!r) return null;
  const title = r.decision && r.decisionReason ? t('review.fromReviewDecision', { decision: t(`review.decision.${r.decision}`), reason: r.decisionReason }) : undefined;
  return (
    <a className="badge badge-accent" href={reviewHref({ page: 'review', id: r.reviewId })} title={title} data-testid="version-review-link">
      {r.decision === 'accept' ? t('review.fromReview', { quarter: r.quarter }) : t('review.fromReviewPending', { quarter: r.quarter })}
    </a>
  );
}
