import { describe, expect, it } from 'vitest';
import { bucketRuns, totalCounts } from './run-history.js';
import { createStateCatalog } from './states.js';

const catalog = createStateCatalog([
  { name: 'State', parent: null },
  { name: 'Finished', parent: 'State' },
  { name: 'Success', parent: 'Finished' },
  { name: 'Failed', parent: 'Finished' },
  { name: 'Pending', parent: 'State' },
]);

describe('bucketRuns', () => {
  const since = Date.UTC(2024, 0, 1, 0);
  const until = Date.UTC(2024, 0, 1, 4);
  const at = (hour: number, minute = 0) => new Date(Date.UTC(2024, 0, 1, hour, minute)).toISOString();

  it('counts runs per slice and group, leaving out runs outside the window or in no group', () => {
    const buckets = bucketRuns(
      [
        { state: 'Success', scheduledStartTime: at(0, 10) },
        { state: 'Failed', scheduledStartTime: at(0, 50) },
        { state: 'Success', scheduledStartTime: at(3, 59) },
        { state: 'Success', scheduledStartTime: at(4, 0) },
        { state: 'Pending', scheduledStartTime: at(1) },
        { state: 'Success', scheduledStartTime: new Date(since - 1).toISOString() },
      ],
      catalog,
      since,
      until,
      4,
    );
    expect(buckets.map((bucket) => bucket.total)).toEqual([2, 0, 0, 1]);
    expect(buckets[0]?.counts).toMatchObject({ Success: 1, Failed: 1 });
    expect(totalCounts(buckets)).toMatchObject({ Success: 2, Failed: 1, Running: 0 });
  });
});
