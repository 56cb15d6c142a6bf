import { useEffect, useState } from 'react';
import { UNDO_WINDOW_MS } from '../../../../shared/contracts/handoffs.js';
import { useT } from '../../i18n/index.js';

export interface LastDecision {
  ids: string[];
  /** What was decided, in words: "Accepted Ada Lovelace", "Rejected 3 handoffs: No budget". */
  text: string;
  until: number;
}

interface Props {
  last: LastDecision | null;
  busy: boolean;
  error: string | null;
  onUndo: () => void;
  onExpire: () => void;
}

/** "Accepted Ada Lovelace · Undo (8 s)": the decision stays undoable for the window the server allows. Keyed by decision, so the clock starts fresh. */
export function UndoToast({ last, busy, error, onUndo, onExpire }: Props) {
  const t = useT();
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!last) return;
    const id = window.setInterval(() => setNow(Date.now()), 250);
    return () => window.clearInterval(id);
  }, [last]);
  useEffect(() => {
    if (last && now >= last.until) onExpire();
  }, [last, now, onExpire]);

  if (!last && !error) return null;
  const seconds = last ? Math.min(UNDO_WINDOW_MS / 1000, Math.max(0, Math.ceil((last.until - now) / 1000))) : 0;
  return (
    <div className="toast" role="status" aria-live="polite" data-testid="undo-toast">
      {last ? (
        <>
          <span className="toast-text" data-testid="undo-text">
            {last.text}
          </span>
          <button type="button" className="btn btn-small" onClick={onUndo} disabled={busy} data-testid="undo-button">
            {t('inbox.undo.button', { seconds })}
          </button>
          <span className="muted">{t('inbox.undo.key')}</span>
        </>
      ) : null}
      {error ? (
        <span className="field-error" role="alert">
          {error}
        </span>
      ) : null}
    </div>
  );
}
