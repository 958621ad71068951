/** Seconds between polls while the queue is empty, as the original agent waited: 0.25 s doubling to 10 s. */
export const POLL_BACKOFF_MS: readonly number[] = [250, 500, 1000, 2000, 4000, 8000, 10_000];

/** Walks a backoff table: each idle poll waits longer, work resets it to the first step. */
export class Backoff {
  #index = 0;

  constructor(private readonly steps: readonly number[] = POLL_BACKOFF_MS) {
    if (steps.length === 0) throw new RangeError('A backoff table needs at least one step.');
  }

  /** The delay to wait now; advances to the next (longer) step. */
  next(): number {
    const delay = this.steps[this.#index]!;
    this.#index = Math.min(this.#index + 1, this.steps.length - 1);
    return delay;
  }

  /** Work was found: the next wait is the shortest again. */
  reset(): void {
    this.#index = 0;
  }
}
