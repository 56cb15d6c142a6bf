/** Wall and CPU time (of the calling thread) per named phase, summed over repeats, for the bench's breakdown. */
export type Trace = (step: string, wallMs: number, cpuMs: number) => void;

/**
 * `phase(name)` charges the time since the previous call to `name`. Totals are reported in the order
 * the phases first appeared, once `phase('…')` has been called for the last time and `flush` runs;
 * with no trace it does nothing (no clock reads in the hot loop).
 */
export function phaseTimer(trace: Trace | undefined): ((name: string) => void) & { flush(): void } {
  if (!trace) return Object.assign(() => undefined, { flush: () => undefined });
  const cpu = () => {
    const u = process.threadCpuUsage();
    return (u.user + u.system) / 1000;
  };
  const totals = new Map<string, { wall: number; cpu: number }>();
  let wall = performance.now();
  let used = cpu();
  const phase = (name: string) => {
    const w = performance.now();
    const c = cpu();
    const t = totals.get(name) ?? { wall: 0, cpu: 0 };
    t.wall += w - wall;
    t.cpu += c - used;
    totals.set(name, t);
    wall = w;
    used = c;
  };
  return Object.assign(phase, {
    flush: () => {
      for (const [name, t] of totals) trace(name, Math.round(t.wall), Math.round(t.cpu));
      totals.clear();
    },
  });
}
