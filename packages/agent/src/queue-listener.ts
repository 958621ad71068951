import { setTimeout as sleep } from 'node:timers/promises';
import { graphqlEndpoint, parseApiUrls } from '@headwater/client';
import { SCHEDULED_LIKE_STATES } from '@headwater/core';
import { FLOW_RUN_UPDATED } from './agent-documents.js';
import type { AgentLogger } from './agent-logger.js';

export interface QueueListenerOptions {
  /** The API URLs (replicas of one API); the listener moves to the next when a stream fails. */
  api: string | readonly string[];
  token: string | undefined;
  /** The agent's labels: runs it could not take are ignored. */
  labels: readonly string[];
  /** A run the agent could take became due. */
  onDue: () => void;
  logger: AgentLogger;
  /** @default globalThis.fetch */
  fetch?: typeof fetch;
}

interface FlowRunUpdate {
  id: string;
  state: string;
  stateStartTime: string | null;
  labels: string[];
}

const RECONNECT_MS = [500, 1000, 2000, 5000, 10_000];

/** The API refused the subscription itself (the token's scope), so retrying is pointless. */
const REFUSED = /"code"\s*:\s*"(FORBIDDEN|UNAUTHENTICATED)"/;

class RefusedError extends Error {}

function refusalOf(text: string): string {
  return /"message"\s*:\s*"([^"]*)"/.exec(text)?.[1] ?? 'refused';
}

/**
 * Listens to the `flowRunUpdated` subscription (GraphQL over Server-Sent Events) and calls
 * `onDue` when a run this agent could take becomes due, so a new run is picked up at once
 * instead of after the next idle poll. Only a hint: it reconnects on failure, and polling
 * stays the source of truth.
 */
export class QueueListener {
  readonly #options: QueueListenerOptions;
  readonly #abort = new AbortController();
  #timer: NodeJS.Timeout | undefined;
  #timerAt = Number.POSITIVE_INFINITY;
  readonly #endpoints: string[];
  #current = 0;

  constructor(options: QueueListenerOptions) {
    this.#options = options;
    this.#endpoints = parseApiUrls(options.api).map(graphqlEndpoint);
  }

  start(): void {
    void this.#listen();
  }

  stop(): void {
    this.#abort.abort();
    clearTimeout(this.#timer);
  }

  async #listen(): Promise<void> {
    const signal = this.#abort.signal;
    let failures = 0;
    while (!signal.aborted) {
      try {
        await this.#stream(signal, () => {
          failures = 0;
        });
      } catch (error) {
        if (signal.aborted) return;
        if (error instanceof RefusedError) {
          this.#options.logger.info(
            `The API does not send run updates to this token (${error.message}); polling only.`,
          );
          return;
        }
        this.#current = (this.#current + 1) % this.#endpoints.length;
        if (failures === 0) {
          this.#options.logger.debug(
            `Run updates unavailable (${error instanceof Error ? error.message : String(error)}); polling only until they are back.`,
          );
        }
      }
      const delay = RECONNECT_MS[Math.min(failures++, RECONNECT_MS.length - 1)]!;
      await sleep(delay, undefined, { signal }).catch(() => undefined);
    }
  }

  async #stream(signal: AbortSignal, onOpen: () => void): Promise<void> {
    const response = await (this.#options.fetch ?? fetch)(this.#endpoints[this.#current]!, {
      method: 'POST',
      headers: {
        accept: 'text/event-stream',
        'content-type': 'application/json',
        ...(this.#options.token ? { authorization: `Bearer ${this.#options.token}` } : {}),
      },
      body: JSON.stringify({ query: FLOW_RUN_UPDATED }),
      signal,
    });
    if (!response.ok || !response.body) {
      const body = (await response.text().catch(() => '')).trim();
      if (REFUSED.test(body)) throw new RefusedError(refusalOf(body));
      throw new Error(`HTTP ${response.status}${body ? `: ${body.slice(0, 200)}` : ''}`);
    }
    onOpen();
    // Something may have become due while the stream was down.
    this.#options.onDue();
    const decoder = new TextDecoder();
    let buffer = '';
    for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
      buffer += decoder.decode(chunk, { stream: true });
      let end = buffer.indexOf('\n\n');
      while (end !== -1) {
        this.#onEvent(buffer.slice(0, end));
        buffer = buffer.slice(end + 2);
        end = buffer.indexOf('\n\n');
      }
    }
  }

  #onEvent(block: string): void {
    const lines = block.split('\n');
    const event =
      lines
        .find((line) => line.startsWith('event:'))
        ?.slice(6)
        .trim() ?? 'message';
    const data = lines
      .filter((line) => line.startsWith('data:'))
      .map((line) => line.slice(5).trimStart())
      .join('\n');
    if (event !== 'next' || data === '') return;
    let payload: { data?: { flowRunUpdated?: FlowRunUpdate }; errors?: unknown[] };
    try {
      payload = JSON.parse(data);
    } catch {
      return;
    }
    if (payload.errors && REFUSED.test(data)) throw new RefusedError(refusalOf(data));
    const update = payload.data?.flowRunUpdated;
    if (!update || !(SCHEDULED_LIKE_STATES as readonly string[]).includes(update.state)) return;
    if (!this.#fits(update.labels)) return;
    const due = update.stateStartTime ? Date.parse(update.stateStartTime) : Date.now();
    if (due <= Date.now()) this.#options.onDue();
    else this.#wakeAt(due);
  }

  /** The queue's label rule: the run's labels are a subset of the agent's; labelled agents skip unlabelled runs. */
  #fits(runLabels: readonly string[]): boolean {
    if (this.#options.labels.length > 0 && runLabels.length === 0) return false;
    return runLabels.every((label) => this.#options.labels.includes(label));
  }

  #wakeAt(time: number): void {
    if (time >= this.#timerAt) return;
    clearTimeout(this.#timer);
    this.#timerAt = time;
    this.#timer = setTimeout(
      () => {
        this.#timerAt = Number.POSITIVE_INFINITY;
        this.#options.onDue();
      },
      Math.min(time - Date.now(), 2 ** 31 - 1),
    );
    this.#timer.unref();
  }
}
