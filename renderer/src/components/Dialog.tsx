import { useEffect, useId, useRef, type ReactNode } from 'react';

interface Props {
  open: boolean;
  title: string;
  /** Id of the element that describes the dialog (its message), if any. */
  describedBy?: string;
  wide?: boolean;
  testId?: string;
  onClose: () => void;
  children: ReactNode;
}

/**
 * A modal <dialog>: the browser traps focus and gives it back on close, Esc asks `onClose`. The
 * content mounts only while open, so a form inside starts fresh every time.
 */
export function Dialog({ open, title, describedBy, wide = false, testId, onClose, children }: Props) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) dialog.showModal();
    if (!open && dialog.open) dialog.close();
  }, [open]);

  return (
    <dialog
      ref={ref}
      className={`dialog${wide ? ' dialog-wide' : ''}`}
      aria-labelledby={titleId}
      aria-describedby={describedBy}
      data-testid={testId}
      onCancel={(e) => {
        e.preventDefault();
        onClose();
      }}
    >
      {open ? (
        <>
          <h2 id={titleId} className="dialog-title">
            {title}
          </h2>
          {children}
        </>
      ) : null}
    </dialog>
  );
}
