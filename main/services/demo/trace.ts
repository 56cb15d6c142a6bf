/** Wall and CPU time (of the calling thread) of consecutive steps, for the bench's breakdown. */
export type Trace = (step: string, wallMs: number, cpuMs: number) => void;

export function stepTimer(trace: Trace | undefined): (step: string) => void {
  const cpu = () => {
    const u = process.threadCpuUsage();
    return (u.user + u.system) / 1000;
  };
  let wall = performance.now();
  let used = cpu();
  return (step) => {
    if (!trace) return;
    const w = performance.now();
    const c = cpu();
    trace(step, Math.round(w - wall), Math.round(c - used));
    wall = w;
    used = c;
  };
}
