import type { Client, RunLogInput } from '@headwater/client';
import { deliverIsolating } from './deliver-isolating.js';

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
   * Lines kept while the API cannot be reached; beyond it the oldest waiting lines are
   * dropped, and a WARNING line says how many. While the API answers, every line is kept
   * until it is sent.
   * @default 10000
   */
  maxBuffered?: number;
  /**
   * Told when a batch could not be sent: it is kept and sent again, unless the API refused
   * lines for their content (`BAD_USER_INPUT`): only those lines are dropped, with a WARNING.
   */
  onError?: (error: unknown) => void;
}

const NOTICE_NAME = 'headwater.logs';

/** The API refuses NUL in text on every database; U+FFFD keeps the line readable. */
const clean = (text: string) => (text.includes('\u0000') ? text.replaceAll('\u0000', '\uFFFD') : text);

/**
 * Ships a run's log lines to the API in batches (`writeRunLogs`): every `flushIntervalMs`,
 * or at once when `maxBatch` lines wait. Every line is delivered, in order: a batch that
 * fails goes back to the front of the queue for the next flush, so an API outage loses
 * nothing until `maxBuffered` lines wait; lines the API refuses for their content are
 * isolated and dropped alone. Whatever is lost is counted in a WARNING line. `close()`
 * sends what is left.
 */
export class LogShipper {
  readonly #client: Pick<Client, 'writeRunLogs'>;
  readonly #maxBatch: number;
  readonly #maxBuffered: number;
  readonly #onError: (error: unknown) => void;
  readonly #timer: NodeJS.Timeout;
  /** Lines waiting to be sent (a batch on its way is not in it). */
  #queue: RunLogInput[] = [];
  #unreachable = false;
  #dropped = 0;
  #refused = 0;
  #refusal = '';
  #flowRunId: string | undefined;
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
    this.#flowRunId = line.flowRunId;
    this.#queue.push({
      ...line,
      message: clean(line.message),
      ...(line.name ? { name: clean(line.name) } : {}),
      timestamp: line.timestamp ?? new Date(),
    });
    if (this.#unreachable) this.#trim();
    // A flush under way sends what waits when its batch is through, and while the API cannot
    // be reached the timer's flushes try again: no more requests than that.
    if (!this.#flushing && !this.#unreachable && this.#queue.length >= this.#maxBatch) void this.flush();
  }

  /** Sends everything queued now; resolves when done (failures are reported, not thrown). */
  flush(): Promise<void> {
    if (this.#flushing) return this.#flushing.then(() => (this.#queue.length > 0 ? this.flush() : undefined));
    if (this.#queue.length === 0 && !this.#lost()) return Promise.resolve();
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
    while (this.#queue.length > 0 || this.#lost()) {
      const notices = this.#notices();
      const lines = this.#queue.splice(0, this.#maxBatch);
      const dropped = this.#dropped;
      const refused = this.#refused;
      const delivery = await deliverIsolating(
        (logs) => this.#client.writeRunLogs(logs),
        [...notices, ...lines],
      );
      if (delivery.error === undefined) {
        this.#unreachable = false;
        this.#dropped -= dropped;
        this.#refused -= refused;
      }
      const refusedLines = delivery.refused.filter((line) => !notices.includes(line));
      if (refusedLines.length > 0) {
        this.#refused += refusedLines.length;
        this.#refusal = delivery.reason ?? 'refused';
        this.#onError(new Error(`The API refused ${refusedLines.length} log line(s): ${this.#refusal}`));
      }
      if (delivery.error !== undefined) {
        this.#onError(delivery.error);
        this.#unreachable = true;
        this.#queue.unshift(...delivery.unsent.filter((line) => !notices.includes(line)));
        this.#trim();
        return;
      }
    }
  }

  /** While the API cannot be reached: drops the oldest waiting lines beyond `maxBuffered`. */
  #trim(): void {
    const excess = this.#queue.length - this.#maxBuffered;
    if (excess <= 0) return;
    this.#queue.splice(0, excess);
    this.#dropped += excess;
  }

  #lost(): boolean {
    return this.#dropped > 0 || this.#refused > 0;
  }

  /** WARNING lines saying what was lost since the last batch that went through. */
  #notices(): RunLogInput[] {
    const flowRunId = this.#queue[0]?.flowRunId ?? this.#flowRunId;
    if (flowRunId === undefined) return [];
    const notice = (message: string): RunLogInput => ({
      flowRunId,
      level: 'WARNING',
      name: NOTICE_NAME,
      timestamp: new Date(),
      message,
    });
    return [
      ...(this.#dropped > 0
        ? [notice(`${this.#dropped} log line(s) were dropped while the API could not be reached.`)]
        : []),
      ...(this.#refused > 0
        ? [
            notice(
              `${this.#refused} log line(s) were refused by the API and dropped: ${clean(this.#refusal)}`,
            ),
          ]
        : []),
    ];
  }
}
