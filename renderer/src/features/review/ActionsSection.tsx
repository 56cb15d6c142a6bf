import { useState } from 'react';
import { useIntl } from 'react-intl';
import type { Review } from '../../../../shared/contracts/reviews.js';
import { useErrorText } from '../../components/States.js';
import { useAddAction, useRemoveAction, useSetActionDone } from '../../hooks/use-reviews.js';
import { useUsers } from '../../hooks/use-users.js';
import { useT } from '../../i18n/index.js';

/** A date input's value (YYYY-MM-DD) as midnight UTC, or null when empty. */
const dayMs = (v: string): number | null => (/^\d{4}-\d{2}-\d{2}$/.test(v) ? Date.parse(`${v}T00:00:00Z`) : null);

/** Action items agreed in the meeting: what, who, by when. */
export function ActionsSection({ review }: { review: Review }) {
  const t = useT();
  const intl = useIntl();
  const errorText = useErrorText();
  const users = useUsers();
  const add = useAddAction();
  const done = useSetActionDone();
  const remove = useRemoveAction();
  const [text, setText] = useState('');
  const [ownerId, setOwnerId] = useState('');
  const [due, setDue] = useState('');
  const closed = review.status === 'closed';
  const error = add.error ?? done.error ?? remove.error;
  const onAdd = () =>
    add.mutate(
      { id: review.id, text: text.trim(), ownerId: ownerId || null, dueOn: dayMs(due) },
      {
        onSuccess: () => {
          setText('');
          setDue('');
        },
      },
    );
  return (
    <section className="card card-wide" aria-labelledby="review-actions-title" data-testid="review-actions">
      <h2 id="review-actions-title" className="card-title">
        {t('review.actions.title')}
      </h2>
      {review.actions.length === 0 ? <p className="muted">{t('review.actions.empty')}</p> : null}
      <ul className="review-actions">
        {review.actions.map((a) => (
          <li key={a.id} data-testid="action-item" className={a.done ? 'is-done' : ''}>
            <label className="review-check">
              <input type="checkbox" checked={a.done} disabled={closed} onChange={() => done.mutate({ id: review.id, itemId: a.id, done: !a.done })} aria-label={t('review.actions.done', { text: a.text })} />
              <span className="review-action-text">{a.text}</span>
            </label>
            <span className="muted">
              {a.ownerName ?? t('review.actions.noOwner')} · {a.dueOn === null ? t('review.actions.noDue') : intl.formatDate(a.dueOn, { dateStyle: 'medium', timeZone: 'UTC' })}
            </span>
            {closed ? null : (
              <button type="button" className="btn btn-small btn-ghost" onClick={() => remove.mutate({ id: review.id, itemId: a.id })} aria-label={t('review.actions.remove', { text: a.text })}>
                ✕
              </button>
            )}
          </li>
        ))}
      </ul>
      {closed ? null : (
        <div className="review-row">
          <input className="input review-grow" value={text} maxLength={500} placeholder={t('review.actions.what')} aria-label={t('review.actions.what')} onChange={(e) => setText(e.target.value)} data-testid="action-text" />
          <select className="select" value={ownerId} onChange={(e) => setOwnerId(e.target.value)} aria-label={t('review.actions.owner')} data-testid="action-owner">
            <option value="">{t('review.actions.owner')}</option>
            {users.data?.map((u) => (
              <option key={u.id} value={u.id}>
                {u.name}
              </option>
            ))}
          </select>
          <input className="input input-date" type="date" value={due} onChange={(e) => setDue(e.target.value)} aria-label={t('review.actions.due')} data-testid="action-due" />
          <button type="button" className="btn" disabled={!text.trim() || add.isPending} onClick={onAdd} data-testid="action-add">
            {t('review.actions.add')}
          </button>
        </div>
      )}
      {error ? <p className="field-error" role="alert">{errorText(error)}</p> : null}
    </section>
  );
}
