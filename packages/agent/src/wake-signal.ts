/** A promise with its resolve function, for latches that open once. */
export function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

/**
 * Wakes one waiting loop early. A `notify()` while nobody waits is remembered, so a wake-up
 * between two waits is never lost.
 */
export class WakeSignal {
  #pending = false;
  #waiter: (() => void) | undefined;

  notify(): void {
    if (this.#waiter) this.#waiter();
    else this.#pending = true;
  }

  /** Resolves on `notify()`, when `signal` aborts, or after `timeoutMs` (if given). */
  wait(signal?: AbortSignal, timeoutMs?: number): Promise<void> {
    if (this.#pending || signal?.aborted) {
      this.#pending = false;
      return Promise.resolve();
    }
    return new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', done);
        this.#waiter = undefined;
        resolve();
      };
      const timer = timeoutMs === undefined ? undefined : setTimeout(done, timeoutMs);
      signal?.addEventListener('abort', done, { once: true });
      this.#waiter = done;
    });
  }
}
