import type { ClaimResult } from '../api/claims.js';
import { ApiError } from '../errors/api-error.js';
import { mayMakeRunDue, type RunEvents } from './run-events.js';

/**
 * The longest a claim may wait for a due run: well under the 30 s a client waits for an
 * answer by default, and under the idle timeouts of common proxies.
 */
export const MAX_CLAIM_WAIT_MS = 20_000;

/** `waitMs` of a claim, checked: a whole number of milliseconds up to {@link MAX_CLAIM_WAIT_MS}. */
export function claimWaitMs(waitMs: number | null | undefined): number {
  if (waitMs == null) return 0;
  if (!Number.isInteger(waitMs) || waitMs < 0 || waitMs > MAX_CLAIM_WAIT_MS) {
    throw new ApiError({
      code: 'BAD_USER_INPUT',
      message: `waitMs must be a whole number of milliseconds from 0 to ${MAX_CLAIM_WAIT_MS}, not ${waitMs}.`,
    });
  }
  return waitMs;
}

/**
 * Claims with `claim`; while it hands nothing, waits for a change in the tenant that may have
 * made a run due (a run created or scheduled again, here or on another replica), for the next
 * due time the claim named, and claims again, until `waitMs` passed or `signal` aborted (the
 * agent went away, the server shuts down). An idle agent so gets a new run in the answer to
 * the claim it already sent, as soon as the run is created. The listening starts before each
 * claim, so a run created while the claim runs wakes the next one.
 */
export async function claimWaiting(
  events: RunEvents,
  tenantId: string,
  waitMs: number,
  signal: AbortSignal,
  claim: () => Promise<ClaimResult>,
): Promise<ClaimResult> {
  const deadline = Date.now() + waitMs;
  for (;;) {
    const change = nextChange(events, tenantId);
    try {
      const result = await claim();
      const now = Date.now();
      if (result.claims.length > 0 || now >= deadline || signal.aborted) return result;
      const due = result.nextDueAt === null ? Number.POSITIVE_INFINITY : Date.parse(result.nextDueAt);
      await change.wait(Math.min(deadline, due) - now, signal);
      if (signal.aborted) return result;
    } finally {
      change.stop();
    }
  }
}

/** Listens for the next change that may have made a run due; `wait` resolves on it (or one that came already), a timeout or `signal`. */
function nextChange(events: RunEvents, tenantId: string) {
  let changed = false;
  let wake: (() => void) | undefined;
  const stop = events.listen(tenantId, (change) => {
    if (!mayMakeRunDue(change)) return;
    changed = true;
    wake?.();
  });
  return {
    stop,
    wait(timeoutMs: number, signal: AbortSignal): Promise<void> {
      if (changed || signal.aborted) return Promise.resolve();
      return new Promise((resolve) => {
        const done = () => {
          clearTimeout(timer);
          signal.removeEventListener('abort', done);
          resolve();
        };
        const timer = setTimeout(done, Math.max(0, timeoutMs));
        signal.addEventListener('abort', done);
        wake = done;
      });
    },
  };
}
