import { type StateCatalog, SUMMARY_GROUPS, type SummaryGroup } from './states.js';

export interface HistoryBucket {
  /** Start of the bucket (ms since epoch). */
  start: number;
  end: number;
  counts: Record<SummaryGroup, number>;
  total: number;
}

const emptyCounts = (): Record<SummaryGroup, number> =>
  Object.fromEntries(SUMMARY_GROUPS.map((group) => [group, 0])) as Record<SummaryGroup, number>;

/**
 * Counts runs per summary group in `bucketCount` equal slices of `[since, until)`, by their
 * scheduled start time. Runs outside the window, or in a state no group counts, are left out.
 */
export function bucketRuns(
  runs: readonly { state: string; scheduledStartTime: string }[],
  catalog: StateCatalog,
  since: number,
  until: number,
  bucketCount: number,
): HistoryBucket[] {
  const size = (until - since) / bucketCount;
  const buckets: HistoryBucket[] = Array.from({ length: bucketCount }, (_, index) => ({
    start: since + index * size,
    end: since + (index + 1) * size,
    counts: emptyCounts(),
    total: 0,
  }));
  for (const run of runs) {
    const at = new Date(run.scheduledStartTime).getTime();
    const group = catalog.summaryGroup(run.state);
    if (group === null || at < since || at >= until) continue;
    const bucket = buckets[Math.min(bucketCount - 1, Math.floor((at - since) / size))];
    if (!bucket) continue;
    bucket.counts[group] += 1;
    bucket.total += 1;
  }
  return buckets;
}

/** Totals per summary group over every bucket. */
export function totalCounts(buckets: readonly HistoryBucket[]): Record<SummaryGroup, number> {
  const totals = emptyCounts();
  for (const bucket of buckets) for (const group of SUMMARY_GROUPS) totals[group] += bucket.counts[group];
  return totals;
}
