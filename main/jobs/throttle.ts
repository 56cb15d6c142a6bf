/**
 * A job's progress as it goes out of the worker: at most one message per `everyMs`, but always the
 * last step (done === total) and the first of a new phase, so a bar never stops short or shows a
 * phase late.
 */
export function throttledProgress(
  post: (p: { done: number; total: number; phase: string }) => void,
  everyMs = 100,
): (done: number, total: number, phase: string) => void {
  let last = 0;
  let lastPhase = '';
  return (done, total, phase) => {
    const t = Date.now();
    if (t - last > everyMs || done === total || phase !== lastPhase) {
      last = t;
      lastPhase = phase;
      post({ done, total, phase });
    }
  };
}
