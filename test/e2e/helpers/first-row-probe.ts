/**
 * Runs in the page (addInitScript): records when the first lead row is in the DOM and painted, in ms
 * since navigation start, as window.__lpFirstRow. The leads e2e and the leads-list bench print it.
 */
export function firstRowProbe(): void {
  const w = window as unknown as { __lpFirstRow?: number };
  let scheduled = false;
  const observer = new MutationObserver(() => {
    if (scheduled || !document.querySelector('tr[data-row-id]')) return;
    scheduled = true;
    observer.disconnect();
    requestAnimationFrame(() => {
      w.__lpFirstRow = performance.now();
    });
  });
  observer.observe(document, { childList: true, subtree: true });
}
