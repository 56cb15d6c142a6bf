import { useId, type ReactNode } from 'react';
import { Dialog } from './Dialog.js';

interface Props {
  open: boolean;
  title: string;
  message: string;
  confirmLabel: string;
  cancelLabel: string;
  danger?: boolean;
  busy?: boolean;
  error?: string | null;
  /** Extra inputs the decision needs (a comment, a date), between the message and the buttons. */
  children?: ReactNode;
  testId?: string;
  onConfirm: () => void;
  onCancel: () => void;
}

/** Ask before a destructive action: a modal <dialog> (focus trapped, Esc cancels, Cancel focused first). */
export function ConfirmDialog(props: Props) {
  const messageId = useId();
  return (
    <Dialog
      open={props.open}
      title={props.title}
      describedBy={messageId}
      testId={props.testId ?? 'confirm-dialog'}
      onClose={props.onCancel}
    >
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (!props.busy) props.onConfirm();
        }}
      >
        <p id={messageId} className="dialog-message">
          {props.message}
        </p>
        {props.children}
        {props.error ? (
          <p className="field-error" role="alert">
            {props.error}
          </p>
        ) : null}
        <div className="dialog-actions">
          <button type="button" className="btn" onClick={props.onCancel} autoFocus>
            {props.cancelLabel}
          </button>
          <button
            type="submit"
            className={`btn ${props.danger ? 'btn-danger' : 'btn-primary'}`}
            disabled={props.busy}
            data-testid="confirm-ok"
          >
            {props.confirmLabel}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
