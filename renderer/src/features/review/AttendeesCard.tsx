import type { Review } from '../../../../shared/contracts/reviews.js';
import { ErrorState, LoadingState, useErrorText } from '../../components/States.js';
import { useSetAttendees } from '../../hooks/use-reviews.js';
import { useUsers } from '../../hooks/use-users.js';
import { useT } from '../../i18n/index.js';

/** Who was in the meeting, ticked from the workspace's users. */
export function AttendeesCard({ review }: { review: Review }) {
  const t = useT();
  const errorText = useErrorText();
  const users = useUsers();
  const set = useSetAttendees();
  const chosen = new Set(review.attendees.map((a) => a.id));
  const closed = review.status === 'closed';
  const toggle = (userId: string) => {
    const next = chosen.has(userId) ? [...chosen].filter((x) => x !== userId) : [...chosen, userId];
    set.mutate({ id: review.id, userIds: next });
  };
  return (
    <section className="card" aria-labelledby="review-attendees-title" data-testid="review-attendees">
      <h2 id="review-attendees-title" className="card-title">
        {t('review.attendees.title', { count: review.attendees.length })}
      </h2>
      {users.isPending ? <LoadingState /> : null}
      {users.isError ? <ErrorState error={users.error} onRetry={() => void users.refetch()} /> : null}
      {users.data && users.data.length === 0 ? <p className="muted">{t('review.attendees.noUsers')}</p> : null}
      <ul className="review-attendees">
        {/* A closed review lists who was there; an open one offers every user. */}
        {users.data?.filter((u) => !closed || chosen.has(u.id)).map((u) => (
          <li key={u.id}>
            <label className="review-check">
              <input type="checkbox" checked={chosen.has(u.id)} disabled={closed || set.isPending} onChange={() => toggle(u.id)} data-testid={`attendee-${u.id}`} />
              <span>{u.name}</span>
              <span className="muted">{t(`team.${u.team}`)}</span>
            </label>
          </li>
        ))}
      </ul>
      {set.isError ? <p className="field-error" role="alert">{errorText(set.error)}</p> : null}
    </section>
  );
}
