import { useState } from 'react';
import type { AgendaItem, Review } from '../../../../shared/contracts/reviews.js';
import { agendaTitleMessage } from '../../../../shared/i18n/agenda-title.js';
import { useErrorText } from '../../components/States.js';
import { useAddItem, useMoveItem, useRemoveItem, useSetNote } from '../../hooks/use-reviews.js';
import { useT } from '../../i18n/index.js';
import { AgendaItemBody } from './AgendaItemBody.js';

function NoteField({ review, item }: { review: Review; item: AgendaItem }) {
  const t = useT();
  const setNote = useSetNote();
  const [text, setText] = useState(item.note);
  const dirty = text !== item.note;
  if (review.status === 'closed') return item.note ? <p className="review-note-text">{item.note}</p> : null;
  return (
    <label className="field review-note">
      <span className="field-label">{t('review.agenda.note')}</span>
      <textarea
        className="textarea"
        rows={2}
        value={text}
        onChange={(e) => setText(e.target.value)}
        onBlur={() => dirty && setNote.mutate({ id: review.id, itemId: item.id, note: text })}
        data-testid="agenda-note"
      />
      <span className="muted review-note-state" aria-live="polite">
        {setNote.isPending ? t('review.saving') : setNote.isError ? t('review.notSaved') : setNote.isSuccess && !dirty ? t('review.saved') : ''}
      </span>
    </label>
  );
}

/** The agenda in order: each item's snapshot and notes; reorder, remove, add by hand. */
export function AgendaSection({ review }: { review: Review }) {
  const t = useT();
  const errorText = useErrorText();
  const move = useMoveItem();
  const remove = useRemoveItem();
  const add = useAddItem();
  const [title, setTitle] = useState('');
  const closed = review.status === 'closed';
  // A drafted item's title in the UI language; one added by hand as typed.
  const titles = review.agenda.map((item) => {
    const m = agendaTitleMessage(item, review.quarter);
    return m ? t(m.id, m.values) : item.title;
  });
  const error = move.error ?? remove.error ?? add.error;
  const onAdd = () => {
    if (!title.trim()) return;
    add.mutate({ id: review.id, title: title.trim() }, { onSuccess: () => setTitle('') });
  };
  return (
    <section className="card card-wide" aria-labelledby="review-agenda-title" data-testid="review-agenda">
      <h2 id="review-agenda-title" className="card-title">
        {t('review.agenda.title')}
      </h2>
      {review.agenda.length === 0 ? <p className="muted">{t('review.agenda.empty')}</p> : null}
      <ol className="review-agenda">
        {review.agenda.map((item, i) => (
          <li key={item.id} className="review-agenda-item" data-testid="agenda-item" data-kind={item.data.kind}>
            <div className="review-agenda-head">
              <h3>{titles[i]}</h3>
              {closed ? null : (
                <span className="review-agenda-tools">
                  <button type="button" className="btn btn-small btn-ghost" disabled={i === 0} onClick={() => move.mutate({ id: review.id, itemId: item.id, to: i - 1 })} aria-label={t('review.agenda.up', { title: titles[i] ?? item.title })}>
                    ↑
                  </button>
                  <button type="button" className="btn btn-small btn-ghost" disabled={i === review.agenda.length - 1} onClick={() => move.mutate({ id: review.id, itemId: item.id, to: i + 1 })} aria-label={t('review.agenda.down', { title: titles[i] ?? item.title })}>
                    ↓
                  </button>
                  <button type="button" className="btn btn-small btn-ghost" onClick={() => remove.mutate({ id: review.id, itemId: item.id })} aria-label={t('review.agenda.remove', { title: titles[i] ?? item.title })}>
                    ✕
                  </button>
                </span>
              )}
            </div>
            <AgendaItemBody item={item} review={review} />
            <NoteField key={item.id} review={review} item={item} />
          </li>
        ))}
      </ol>
      {closed ? null : (
        <div className="review-row">
          <input className="input" value={title} maxLength={200} placeholder={t('review.agenda.addPlaceholder')} onChange={(e) => setTitle(e.target.value)} onKeyDown={(e) => e.key === 'Enter' && onAdd()} aria-label={t('review.agenda.addPlaceholder')} data-testid="agenda-add-title" />
          <button type="button" className="btn" onClick={onAdd} disabled={!title.trim() || add.isPending} data-testid="agenda-add">
            {t('review.agenda.add')}
          </button>
        </div>
      )}
      {error ? <p className="field-error" role="alert">{errorText(error)}</p> : null}
    </section>
  );
}
