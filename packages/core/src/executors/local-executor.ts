import type { Executor } from '../contracts/executor.js';

/** Work waiting for its turn, and who hears how it ended. */
export interface Turn {
  work(): Promise<unknown>;
  fulfilled(value: any): void;
  rejected(reason: unknown): void;
}

const ignore = () => {};

/**
 * The engine's way into a {@link LocalExecutor}: runs a turn's work in its turn and calls the
 * turn back with the outcome, without the promise `submit` makes for each piece of work.
 */
export const runInTurn = Symbol('LocalExecutor.runInTurn');

/**
 * Runs one piece of work at a time, in the order submitted. The default executor.
 *
 * @example
 * ```ts
 * await flow.run({ executor: new LocalExecutor() });
 * ```
 */
export class LocalExecutor implements Executor {
  readonly specificationVersion = 'v1' as const;
  readonly name = '@headwater/core:LocalExecutor';
  #queue: Turn[] = [];
  /** Index of the next queued work: an index instead of shift(), a fan-out queues thousands. */
  #next = 0;
  /** The work running now; undefined when idle. */
  #current: Turn | undefined;

  readonly #fulfilled = (value: unknown) => {
    const current = this.#current!;
    this.#startNext();
    current.fulfilled(value);
  };

  readonly #rejected = (reason: unknown) => {
    const current = this.#current!;
    this.#startNext();
    current.rejected(reason);
  };

  submit<T>(work: () => Promise<T>): Promise<T> {
    // Idle: the work starts at once and its own promise is the answer.
    if (this.#current === undefined) {
      const turn: Turn = { work, fulfilled: ignore, rejected: ignore };
      return this.#start(turn) as Promise<T>;
    }
    return new Promise<T>((fulfilled, rejected) => {
      this.#queue.push({ work, fulfilled, rejected });
    });
  }

  [runInTurn](turn: Turn): void {
    if (this.#current === undefined) this.#start(turn);
    else this.#queue.push(turn);
  }

  #start(turn: Turn): Promise<unknown> {
    this.#current = turn;
    let running: Promise<unknown>;
    try {
      running = turn.work();
    } catch (error) {
      running = Promise.reject(error);
    }
    running.then(this.#fulfilled, this.#rejected);
    return running;
  }

  #startNext(): void {
    const turn = this.#queue[this.#next];
    if (turn === undefined) {
      this.#queue = [];
      this.#next = 0;
      this.#current = undefined;
      return;
    }
    this.#queue[this.#next] = undefined as unknown as Turn;
    this.#next += 1;
    this.#start(turn);
  }

  async map<T, R>(items: readonly T[], work: (item: T, index: number) => Promise<R>): Promise<R[]> {
    const results: R[] = [];
    for (let i = 0; i < items.length; i += 1) results.push(await this.submit(() => work(items[i]!, i)));
    return results;
  }

  wait<T>(futures: readonly Promise<T>[]): Promise<T[]> {
    return Promise.all(futures);
  }
}
