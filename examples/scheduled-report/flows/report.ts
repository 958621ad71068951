import { CronClock, Flow, Schedule, task } from '@headwater/core';
import ms from 'ms';

/**
 * Every weekday at 09:00 in New York, report how long ago the last deploy was, formatted
 * by the `ms` package (installed in the image from `dependencies`, not bundled).
 */
const report = task(
  ({ since }: { since: number }) => {
    const line = `last deploy ${ms(Date.now() - since, { long: true })} ago`;
    console.log(line);
    return line;
  },
  { name: 'report' },
);

export const flow = new Flow('scheduled-report', {
  schedule: new Schedule({ clocks: [new CronClock('0 9 * * 1-5', { timezone: 'America/New_York' })] }),
});
flow.add(report, { since: Date.parse('2026-01-01T00:00:00Z') });
