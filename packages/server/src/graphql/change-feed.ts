import { ANY_CHANGE, type RunChange, type RunEvents } from './run-events.js';

/** Changes kept while the subscription is busy; beyond them, it reads everything again anyway. */
const MAX_PENDING = 100;

/**
 * The changes of one tenant as a subscription sees them between its turns: none is lost while
 * it is busy sending the previous ones (they wait here), and when too many pile up they fold
 * into one `any` change.
 */
export class ChangeFeed {
  #pending: RunChange[] = [];
  #wake: (() => void) | undefined;
  readonly #stop: () => void;

  constructor(events: RunEvents, tenantId: string) {
    this.#stop = events.listen(tenantId, (change) => {
      if (this.#pending.length < MAX_PENDING) this.#pending.push(change);
      else this.#pending = [ANY_CHANGE];
      this.#wake?.();
    });
  }

  /**
   * The changes since the last call; when there are none yet, waits for the first up to
   * `timeoutMs` or until `signal` aborts (then resolves to none).
   */
  async next(timeoutMs: number, signal: AbortSignal): Promise<RunChange[]> {
    if (this.#pending.length === 0 && !signal.aborted) {
      await new Promise<void>((resolve) => {
        const done = () => {
          clearTimeout(timer);
          signal.removeEventListener('abort', done);
          this.#wake = undefined;
          resolve();
        };
        const timer = setTimeout(done, timeoutMs);
        signal.addEventListener('abort', done);
        this.#wake = done;
      });
    }
    const changes = this.#pending;
    this.#pending = [];
    return changes;
  }

  close(): void {
    this.#stop();
    this.#wake?.();
  }
}
