/**
 * One benchmark: it measures the thing and, in the same run, its baseline, so the ratio
 * does not depend on how fast the machine is today.
 */
export interface Benchmark {
  /** Short unique name, e.g. `engine: 10k-task chain`. */
  name: string;
  /** What is compared with what, in one sentence, for the README table. */
  description: string;
  run(): Promise<BenchmarkResult>;
}

export interface BenchmarkResult {
  /** The measured value (lower is better unless `higherIsBetter`). */
  value: number;
  /** Unit of `value` and `baseline`, e.g. `µs/task`, `ms`, `runs/s`. */
  unit: string;
  /** The baseline measured in the same run, if the target is a ratio. */
  baseline?: number;
  /** The target, in the same unit as `value` (or as a ratio when `targetIsRatio`). */
  target?: number;
  targetIsRatio?: boolean;
  higherIsBetter?: boolean;
  /** Anything else worth recording (sizes, counts, broken-out timings). */
  details?: Record<string, number | string>;
}

/** Median of a list of numbers. */
export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** Percentile (0–100) of a list of numbers, nearest-rank. */
export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index]!;
}

/**
 * A benchmark's size from the environment variable `name` (a whole number ≥ 1), else
 * `fallback`; smaller sizes make a quick run (e.g. `HEADWATER_BENCH_CLAIM_RUNS=100 pnpm bench claims`).
 */
export function benchSize(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1)
    throw new Error(`${name} must be a whole number of at least 1, not "${raw}".`);
  return value;
}
