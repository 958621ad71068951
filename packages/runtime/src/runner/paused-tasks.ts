import type { State, Task } from '@headwater/core';

/** What a flow run waits on when only paused tasks (and the tasks after them) are left. */
export interface PausedWork {
  /** Slugs of the paused tasks. */
  slugs: string[];
  /** The earliest wake-up time of a paused task, or null: nothing wakes up before a resume. */
  wakeUp: Date | null;
}

/**
 * Whether the only work left in a flow run is paused tasks: every unfinished task is Paused,
 * or Pending behind one (nothing Running, Retrying or Queued), and at least one is Paused.
 * Then no process need hold the run until a resume or the earliest wake-up time.
 *
 * @example
 * ```ts
 * const paused = pausedWork(state.result); // { slugs: ['approve'], wakeUp: null }
 * ```
 */
export function pausedWork(taskStates: unknown): PausedWork | undefined {
  if (!(taskStates instanceof Map)) return undefined;
  const slugs: string[] = [];
  let wakeUp: Date | null = null;
  for (const [task, state] of taskStates as ReadonlyMap<Task<any, unknown>, State>) {
    if (state.isFinished()) continue;
    if (state.isPaused()) {
      slugs.push(task.slug ?? task.name);
      const startTime = (state as { startTime?: Date | null }).startTime ?? null;
      if (startTime !== null && (wakeUp === null || startTime < wakeUp)) wakeUp = startTime;
    } else if (state.type !== 'Pending') return undefined;
  }
  return slugs.length > 0 ? { slugs, wakeUp } : undefined;
}
