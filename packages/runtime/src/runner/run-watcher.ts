import type { Client } from '@headwater/client';

/** Options of a {@link RunWatcher}. */
export interface RunWatcherOptions {
  client: Pick<Client, 'updateFlowRunHeartbeat' | 'graphql'>;
  flowRunId: string;
  /**
   * Milliseconds between heartbeats (the zombie killer fails runs whose heartbeat stops).
   * @default 30000
   */
  heartbeatIntervalMs?: number;
  /**
   * Milliseconds between checks whether the run was cancelled.
   * @default 5000
   */
  cancellationCheckIntervalMs?: number;
  /** The run is now `Cancelling` (or already `Cancelled`) in the API. Called once. */
  onCancel: (state: string) => void;
  /** A heartbeat or check failed (they only warn; the next one tries again). */
  onError?: (what: 'heartbeat' | 'cancellation check', error: unknown) => void;
}

const FLOW_RUN_STATE = 'query flowRunState($id: ID!) { flowRun(id: $id) { state } }';

/**
 * While a flow run executes: sends heartbeats (one at once, then every interval) and
 * watches for cancellation. Failures only warn: one lost heartbeat must not stop a run.
 */
export class RunWatcher {
  readonly #options: RunWatcherOptions;
  readonly #timers: NodeJS.Timeout[] = [];
  #cancelled = false;

  constructor(options: RunWatcherOptions) {
    this.#options = options;
  }

  start(): void {
    const { heartbeatIntervalMs = 30_000, cancellationCheckIntervalMs = 5000 } = this.#options;
    void this.#beat();
    this.#timers.push(setInterval(() => void this.#beat(), heartbeatIntervalMs));
    this.#timers.push(setInterval(() => void this.#check(), cancellationCheckIntervalMs));
    for (const timer of this.#timers) timer.unref();
  }

  stop(): void {
    for (const timer of this.#timers) clearInterval(timer);
    this.#timers.length = 0;
  }

  async #beat(): Promise<void> {
    try {
      await this.#options.client.updateFlowRunHeartbeat(this.#options.flowRunId);
    } catch (error) {
      this.#options.onError?.('heartbeat', error);
    }
  }

  async #check(): Promise<void> {
    if (this.#cancelled) return;
    try {
      const { flowRun } = await this.#options.client.graphql<{ flowRun: { state: string } | null }>(
        FLOW_RUN_STATE,
        {
          id: this.#options.flowRunId,
        },
      );
      if (flowRun && (flowRun.state === 'Cancelling' || flowRun.state === 'Cancelled') && !this.#cancelled) {
        this.#cancelled = true;
        this.#options.onCancel(flowRun.state);
      }
    } catch (error) {
      this.#options.onError?.('cancellation check', error);
    }
  }
}
