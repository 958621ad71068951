/** What the timeline reads of a task run. */
export interface TimedRun {
  id: string;
  startTime: string | null;
  endTime: string | null;
}

export interface TimelineBar<T extends TimedRun> {
  taskRun: T;
  /** Offset of the bar's start from the timeline's start, as a fraction of its span (0–1). */
  offset: number;
  /** The bar's length as a fraction of the span (0–1); 0 for a run that has not started. */
  length: number;
  /** Seconds the run took (or has taken so far); null when it has not started. */
  seconds: number | null;
  /** Still running: its bar ends at `now`. */
  open: boolean;
}

export interface TimelineLayout<T extends TimedRun> {
  /** When the first task run started (ISO); null when none has. */
  start: string | null;
  /** Seconds from the first start to the last end (or `now` while a task runs). */
  span: number;
  bars: TimelineBar<T>[];
}

/**
 * Lays task runs out as a Gantt chart in execution order: by start time, the ones that have not
 * started last (in their given order). A run without an end is still running and ends at `now`.
 */
export function layoutTimeline<T extends TimedRun>(
  taskRuns: readonly T[],
  now: number = Date.now(),
): TimelineLayout<T> {
  const times = taskRuns.map((taskRun) => {
    const start = taskRun.startTime ? Date.parse(taskRun.startTime) : null;
    const end = start === null ? null : taskRun.endTime ? Date.parse(taskRun.endTime) : Math.max(now, start);
    return { taskRun, start, end };
  });
  const started = times.filter((time) => time.start !== null) as { taskRun: T; start: number; end: number }[];
  if (started.length === 0) {
    return {
      start: null,
      span: 0,
      bars: taskRuns.map((taskRun) => ({ taskRun, offset: 0, length: 0, seconds: null, open: false })),
    };
  }
  const first = Math.min(...started.map((time) => time.start));
  const last = Math.max(...started.map((time) => time.end));
  const spanMs = Math.max(1, last - first);
  const ordered = [
    ...started.sort((a, b) => a.start - b.start || a.end - b.end),
    ...times.filter((time) => time.start === null),
  ];
  return {
    start: new Date(first).toISOString(),
    span: spanMs / 1000,
    bars: ordered.map(({ taskRun, start, end }) =>
      start === null || end === null
        ? { taskRun, offset: 0, length: 0, seconds: null, open: false }
        : {
            taskRun,
            offset: (start - first) / spanMs,
            length: (end - start) / spanMs,
            seconds: (end - start) / 1000,
            open: taskRun.endTime === null,
          },
    ),
  };
}
