import { UsageError } from './usage-error.js';

const UNIT_MS: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };
const DURATION = /^(?:\d+(?:\.\d+)?[smhd])+$/;
const ISO_TIME = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,3})?)?(?:Z|[+-]\d{2}:?\d{2})?$/i;

/**
 * A duration like `30s`, `10m`, `2h`, `1d` or `1h30m`, in milliseconds; undefined when `text`
 * is not one.
 *
 * @example
 * ```ts
 * parseDuration('1h30m'); // 5_400_000
 * ```
 */
export function parseDuration(text: string): number | undefined {
  const trimmed = text.trim().toLowerCase();
  if (!DURATION.test(trimmed)) return undefined;
  let total = 0;
  for (const [, amount, unit] of trimmed.matchAll(/(\d+(?:\.\d+)?)([smhd])/g)) {
    total += Number(amount) * UNIT_MS[unit!]!;
  }
  return total;
}

/**
 * When a run should start, from `run flow`'s `--at <ISO time>` or `--in <duration>` (at most
 * one of them); undefined when neither is given (the run is due now). `--at` without a zone is
 * local time. A malformed value, a time not in the future, or both options, are usage errors
 * saying what to write.
 *
 * @example
 * ```ts
 * parseStartTime({ in: '10m' }, Date.parse('2030-01-01T00:00:00Z')); // 2030-01-01T00:10:00.000Z
 * parseStartTime({ at: '2030-01-01T09:00:00+01:00' });               // 2030-01-01T08:00:00.000Z
 * ```
 */
export function parseStartTime(options: { at?: string; in?: string }, now = Date.now()): Date | undefined {
  if (options.at !== undefined && options.in !== undefined) {
    throw new UsageError('Give --at <time> or --in <duration>, not both.');
  }
  if (options.in !== undefined) return startIn(options.in, now);
  if (options.at !== undefined) return startAt(options.at, now);
  return undefined;
}

function startIn(text: string, now: number): Date {
  const milliseconds = parseDuration(text);
  if (milliseconds === undefined || milliseconds <= 0) {
    throw new UsageError(
      `--in "${text}" is not a duration: write a number and a unit (s, m, h, d), e.g. --in 30s, --in 10m, --in 1h30m.`,
    );
  }
  return new Date(now + milliseconds);
}

function startAt(text: string, now: number): Date {
  const time = ISO_TIME.test(text.trim()) ? Date.parse(text.trim().replace(' ', 'T')) : Number.NaN;
  if (Number.isNaN(time)) {
    throw new UsageError(
      `--at "${text}" is not a time: write it as ISO 8601, e.g. --at 2030-05-01T09:00 (local time) or --at 2030-05-01T09:00:00Z.`,
    );
  }
  if (time <= now) {
    throw new UsageError(
      `--at "${text}" is in the past (it is ${new Date(now).toISOString()} now): give a later time, or leave --at out to run now.`,
    );
  }
  return new Date(time);
}
