import type { Client, RunLogInput } from '@headwater/client';
import { ClientError } from '@headwater/client';

/** Options of a {@link LogShipper}. */
export interface LogShipperOptions {
  /** Where batches go (`client.writeRunLogs`). */
  client: Pick<Client, 'writeRunLogs'>;
  /**
   * Milliseconds between flushes.
   * @default 1000
   */
  flushIntervalMs?: number;
  /**
   * A batch is sent at once when this many lines wait.
   * @default 200
   */
  maxBatch?: number;
  /**
   * Lines kept while the API is unreachable; the oldest are dropped beyond it.
   * @default 10000
   */
  maxBuffered?: number;
  /**
   * Told when a batch could not be sent: it is kept and sent again, unless the API refused
   * its content (`BAD_USER_INPUT`), which would never change.
   */
  onError?: (error: unknown) => void;
}

/**
 * Ships a run's log lines to the API in batches (`writeRunLogs`): every `flushIntervalMs`,
 * or at once when `maxBatch` lines wait. A batch that fails stays queued and goes with the
 * next flush, so a short API outage loses nothing; `close()` sends what is left.
 */
export class LogShipper {
  readonly #client: Pick<Client, 'writeRunLogs'>;
  readonly #maxBatch: number;
  readonly #maxBuffered: number;
  readonly #onError: (error: unknown) => void;
  readonly #timer: NodeJS.Timeout;
  #queue: RunLogInput[] = [];
  #dropped = 0;
  #flushing: Promise<void> | undefined;

  constructor(options: LogShipperOptions) {
    this.#client = options.client;
    this.#maxBatch = options.maxBatch ?? 200;
    this.#maxBuffered = options.maxBuffered ?? 10_000;
    this.#onError = options.onError ?? (() => {});
    this.#timer = setInterval(() => void this.flush(), options.flushIntervalMs ?? 1000);
    this.#timer.unref();
  }

  /** Queues one line (its timestamp is taken now unless given). */
  add(line: RunLogInput): void {
    this.#queue.push({ ...line, timestamp: line.timestamp ?? new Date() });
    if (this.#queue.length > this.#maxBuffered) {
      this.#dropped += this.#queue.length - this.#maxBuffered;
      this.#queue.splice(0, this.#queue.length - this.#maxBuffered);
    }
    if (this.#queue.length >= this.#maxBatch) void this.flush();
  }

  /** Sends everything queued now; resolves when done (failures are reported, not thrown). */
  flush(): Promise<void> {
    if (this.#flushing) return this.#flushing.then(() => (this.#queue.length > 0 ? this.flush() : undefined));
    if (this.#queue.length === 0) return Promise.resolve();
    this.#flushing = this.#send().finally(() => {
      this.#flushing = undefined;
    });
    return this.#flushing;
  }

  /** Stops the timer and sends what is left. */
  async close(): Promise<void> {
    clearInterval(this.#timer);
    await this.flush();
  }

  async #send(): Promise<void> {
    while (this.#queue.length > 0) {
      const batch = this.#queue.slice(0, this.#maxBatch);
      const sent = batch.length;
      if (this.#dropped > 0 && batch[0]) {
        batch.unshift({
          flowRunId: batch[0].flowRunId,
          level: 'WARNING',
          name: 'headwater.logs',
          message: `${this.#dropped} log line(s) were dropped while the API could not be reached.`,
        });
      }
      try {
        await this.#client.writeRunLogs(batch);
      } catch (error) {
        this.#onError(error);
        // A batch the API refuses for its content would be refused forever; anything else is retried.
        if (!(ClientError.isInstance(error) && error.code === 'BAD_USER_INPUT')) return;
      }
      // Lines added while the batch was on its way stay queued for the next one.
      this.#queue.splice(0, sent);
      this.#dropped = 0;
    }
  }
}
