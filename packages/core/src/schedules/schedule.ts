import type { FunctionReference } from '../contracts/serialized.js';
import { HeadwaterError } from '../errors/headwater-error.js';
import { VERSION } from '../version.js';
import type { ScheduleAdjustment } from './adjustments.js';
import type { Clock, SerializedClock } from './clocks.js';
import type { ScheduleFilter } from './filters.js';

/** A schedule on the wire (`type: "Schedule"`). */
export interface SerializedSchedule {
  type: 'Schedule';
  clocks: SerializedClock[];
  filters: FunctionReference[];
  or_filters: FunctionReference[];
  not_filters: FunctionReference[];
  adjustments: FunctionReference[];
  __version__: string;
}

/**
 * Options of a {@link Schedule}.
 *
 * @example
 * ```ts
 * new Schedule({
 *   clocks: [new CronClock('0 9 * * *', { timezone: 'Europe/Berlin' })],
 *   filters: [filters.isWeekday],
 *   adjustments: [adjustments.add(15 * 60_000)],
 * });
 * ```
 */
export interface ScheduleOptions {
  clocks: readonly Clock[];
  /** An event is kept only if every one of these passes. */
  filters?: readonly ScheduleFilter[];
  /** If given, an event is kept only if at least one passes. */
  orFilters?: readonly ScheduleFilter[];
  /** An event is dropped if any of these passes. */
  notFilters?: readonly ScheduleFilter[];
  /** Applied in order to every kept event. */
  adjustments?: readonly ScheduleAdjustment[];
}

/** How many clock events `next` looks at before giving up on filters that never pass. */
const MAX_CANDIDATES = 10_000;

const reference = ({
  fn,
  kwargs,
}: {
  fn: string;
  kwargs: FunctionReference['kwargs'];
}): FunctionReference => ({
  fn,
  kwargs,
});

/** When a flow runs: the merged events of its clocks, filtered and adjusted. */
export class Schedule {
  readonly clocks: readonly Clock[];
  readonly filters: readonly ScheduleFilter[];
  readonly orFilters: readonly ScheduleFilter[];
  readonly notFilters: readonly ScheduleFilter[];
  readonly adjustments: readonly ScheduleAdjustment[];

  constructor(options: ScheduleOptions) {
    if (options.clocks.length === 0) {
      throw new HeadwaterError({ code: 'INVALID_SCHEDULE', message: 'A schedule needs at least one clock.' });
    }
    this.clocks = [...options.clocks];
    this.filters = [...(options.filters ?? [])];
    this.orFilters = [...(options.orFilters ?? [])];
    this.notFilters = [...(options.notFilters ?? [])];
    this.adjustments = [...(options.adjustments ?? [])];
  }

  /**
   * The next `n` run times strictly after `after`, ascending, without duplicates. Fewer when
   * the clocks end (or filters reject the next 10,000 candidates).
   *
   * @example
   * ```ts
   * schedule.next(3, new Date('2024-01-01T00:00:00Z'));
   * ```
   */
  next(n: number, after: Date = new Date()): Date[] {
    const streams = this.clocks.map((clock) => ({
      clock,
      events: clock.events(after),
      head: undefined as Date | undefined,
    }));
    for (const s of streams) s.head = s.events.next().value ?? undefined;
    const out: Date[] = [];
    let last = Number.NEGATIVE_INFINITY;
    for (let seen = 0; out.length < n && seen < MAX_CANDIDATES; seen += 1) {
      let best: (typeof streams)[number] | undefined;
      for (const s of streams)
        if (s.head !== undefined && (best?.head === undefined || s.head < best.head)) best = s;
      if (best?.head === undefined) break;
      const event = best.head;
      const { timezone } = best.clock;
      best.head = best.events.next().value ?? undefined;
      if (event.getTime() === last) continue;
      last = event.getTime();
      if (!this.#keeps(event, timezone)) continue;
      const adjusted = this.adjustments.reduce((date, adjustment) => adjustment.apply(date, timezone), event);
      if (out.length === 0 || adjusted.getTime() > out[out.length - 1]!.getTime()) out.push(adjusted);
    }
    return out;
  }

  #keeps(date: Date, timeZone: string): boolean {
    return (
      this.filters.every((f) => f.test(date, timeZone)) &&
      (this.orFilters.length === 0 || this.orFilters.some((f) => f.test(date, timeZone))) &&
      !this.notFilters.some((f) => f.test(date, timeZone))
    );
  }

  serialize(): SerializedSchedule {
    return {
      type: 'Schedule',
      clocks: this.clocks.map((clock) => clock.serialize()),
      filters: this.filters.map(reference),
      or_filters: this.orFilters.map(reference),
      not_filters: this.notFilters.map(reference),
      adjustments: this.adjustments.map(reference),
      __version__: VERSION,
    };
  }
}
