import { Flow, IntervalClock, Schedule, task } from '@headwater/core';

/** A flow on a one-minute schedule (the shortest an IntervalClock allows). */
const tick = task(
  () => {
    console.log(`tick from the schedule at ${new Date().toISOString()}`);
  },
  { name: 'tick' },
);

export const flow = new Flow('every-minute', {
  schedule: new Schedule({ clocks: [new IntervalClock(60_000)] }),
});
flow.add(tick);
