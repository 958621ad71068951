import type { CachedInput } from '../states/state.js';
import { TimedOut } from '../states/state.js';

/**
 * The state of a task run that outlived its time limit. `stopped` says whether the work
 * was stopped (a thread terminated, a signal aborted) or only noticed once it returned
 * (synchronous code in the run's thread, which nothing can interrupt).
 */
export function timedOut(
  timeout: number,
  reason: unknown,
  cachedInputs: Record<string, CachedInput>,
  stopped: boolean,
): TimedOut {
  return new TimedOut({
    message: stopped
      ? `Task timed out after ${timeout} ms.`
      : `Task timed out after ${timeout} ms: it ran synchronously past its limit, so its result is dropped. Give the task isolation: 'thread' to stop such work at the limit.`,
    result: reason,
    cachedInputs,
  });
}

const never = () => false;

/** A clock for one run of a task with a time limit: whether it ran past it (even while the thread was blocked). */
export function limitClock(timeout: number | null): () => boolean {
  if (timeout === null) return never;
  const started = performance.now();
  return () => performance.now() - started > timeout;
}
