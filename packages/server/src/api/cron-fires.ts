import { type Clock, CronClock } from '@headwater/core';
import { ApiError } from '../errors/api-error.js';

/**
 * Refuses a cron clock whose expression matches no date at all, such as `0 9 31 2 *` (the
 * 31st of February): its schedule would be accepted and never run anything. Only the
 * expression is judged — a clock whose end date has passed is a finished schedule, not a
 * mistake. Other clocks pass. `path` names the clock (e.g. `schedule.clocks[0]`).
 */
export function checkCronFires(clock: Clock, path: string): void {
  if (!(clock instanceof CronClock)) return;
  const unbounded = new CronClock(clock.cron, { timezone: clock.timezone });
  if (!unbounded.events(new Date()).next().done) return;
  throw new ApiError({
    code: 'BAD_USER_INPUT',
    message: `Invalid ${path}.cron: the cron expression "${clock.cron}" never fires (no date matches its day-of-month and month fields together, e.g. the 31st of February); fix those fields.`,
    details: { cron: clock.cron },
  });
}
