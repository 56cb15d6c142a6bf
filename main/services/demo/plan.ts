import { apportion } from '../../../shared/domain/random.js';
import type { Funnel } from './funnel.js';
import { DAY } from './types.js';

/** How many leads arrive on each UTC day of the window: busier on weekdays, growing through the year. */
export interface LeadPlan {
  start: number;
  end: number;
  total: number;
  perDay: number[];
}

const WEEKDAY = [0.3, 1.05, 1.1, 1.1, 1.05, 0.9, 0.35];

export function planLeads(total: number, start: number, end: number): LeadPlan {
  const days = Math.round((end - start) / DAY);
  const perDay = apportion(
    total,
    Array.from({ length: days }, (_, d) => WEEKDAY[new Date(start + d * DAY).getUTCDay()]! * (0.8 + (0.4 * d) / days)),
  );
  return { start, end, total, perDay };
}

/**
 * Run the funnel over the plan, day by day, calling `step` about every 1 % of the leads (the
 * caller reports progress, yields and checks for cancellation there). Identical in every thread.
 */
export async function simulate(
  funnel: Funnel,
  plan: LeadPlan,
  step: (done: number) => void | Promise<void>,
): Promise<void> {
  const every = Math.max(1, Math.floor(plan.total / 100));
  let done = 0;
  let next = every;
  for (let d = 0; d < plan.perDay.length; d++) {
    funnel.touchSink.flushBefore(d);
    for (const createdAt of funnel.timesForDay(plan.start + d * DAY, plan.perDay[d]!)) {
      funnel.lead(++done, createdAt);
      if (done >= next) {
        next += every;
        await step(done);
      }
    }
  }
  funnel.touchSink.flushAll();
}
