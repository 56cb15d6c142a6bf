import { useId, useState } from 'react';
import { Dialog } from '../../components/Dialog.js';
import { useT } from '../../i18n/index.js';

interface Props {
  open: boolean;
  leadName: string;
  initial: string;
  onSave: (comment: string) => void;
  onClose: () => void;
}

/** A note that goes with the next decision on this handoff (accept or reject); Enter saves, Shift+Enter breaks the line. */
export function CommentDialog({ open, leadName, initial, onSave, onClose }: Props) {
  const t = useT();
  return (
    <Dialog open={open} title={t('inbox.comment.title', { name: leadName })} testId="comment-dialog" onClose={onClose}>
      <CommentForm initial={initial} onSave={onSave} onClose={onClose} />
    </Dialog>
  );
}

function CommentForm({ initial, onSave, onClose }: Omit<Props, 'open' | 'leadName'>) {
  const t = useT();
  const id = useId();
  const [text, setText] = useState(initial);
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        onSave(text.trim());
      }}
    >
      <label className="field" htmlFor={id}>
        <span className="field-label">{t('inbox.comment.label')}</span>
        <textarea
          id={id}
          className="input textarea"
          rows={4}
          maxLength={4000}
          autoFocus
          value={text}
          onChange={(e) => setText(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter' && !e.shiftKey) {
              e.preventDefault();
              onSave(text.trim());
            }
          }}
          data-testid="comment-text"
        />
      </label>
      <p className="muted">{t('inbox.comment.hint')}</p>
      <div className="dialog-actions">
        <button type="button" className="btn" onClick={onClose}>
          {t('action.cancel')}
        </button>
        <button type="submit" className="btn btn-primary" data-testid="comment-save">
          {t('inbox.comment.save')}
        </button>
      </div>
    </form>
  );
}
