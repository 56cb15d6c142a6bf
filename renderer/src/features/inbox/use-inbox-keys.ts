import { useEffect, useRef } from 'react';

export interface InboxKeyHandlers {
  next(): void;
  previous(): void;
  accept(): void;
  reject(): void;
  acceptSelection(): void;
  rejectSelection(): void;
  toggleSelect(): void;
  comment(): void;
  undo(): void;
  help(): void;
}

const NOT_TYPING = new Set(['checkbox', 'radio', 'button', 'submit', 'reset']);

/** Typing in a field, or a modal dialog being open, leaves the keys to that field or dialog. */
function keysBelongElsewhere(e: KeyboardEvent): boolean {
  if (e.ctrlKey || e.metaKey || e.altKey || e.defaultPrevented) return true;
  const el = e.target instanceof HTMLElement ? e.target : null;
  if (el?.closest('textarea, select, [contenteditable="true"], [contenteditable=""]')) return true;
  // A ticked checkbox or a pressed button keeps the keys; a field that takes text does not.
  if (el instanceof HTMLInputElement && !NOT_TYPING.has(el.type)) return true;
  return document.querySelector('dialog[open]') !== null;
}

/**
 * The inbox's single-key commands, listened for on the document so they work wherever focus is in
 * the inbox (a card, a button, the page itself), but never while the user types or a dialog is open.
 */
export function useInboxKeys(handlers: InboxKeyHandlers, enabled: boolean): void {
  const ref = useRef(handlers);
  useEffect(() => {
    ref.current = handlers;
  });
  useEffect(() => {
    if (!enabled) return;
    const onKey = (e: KeyboardEvent) => {
      if (keysBelongElsewhere(e)) return;
      const h = ref.current;
      const map: Record<string, (() => void) | undefined> = {
        j: h.next,
        ArrowDown: h.next,
        k: h.previous,
        ArrowUp: h.previous,
        a: h.accept,
        A: h.acceptSelection,
        r: h.reject,
        R: h.rejectSelection,
        x: h.toggleSelect,
        c: h.comment,
        u: h.undo,
        '?': h.help,
      };
      const run = map[e.key];
      if (!run) return;
      e.preventDefault();
      run();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [enabled]);
}
