import { deserializeSchedule } from '@headwater/core';

/**
 * The next `count` run times of a serialized schedule strictly after `after` (never in the
 * past), as ISO strings; empty for no schedule.
 */
export function nextScheduleTimes(schedule: unknown, after: Date, count: number): string[] {
  if (schedule == null) return [];
  return deserializeSchedule(schedule)
    .next(count, after)
    .map((date) => date.toISOString());
}
