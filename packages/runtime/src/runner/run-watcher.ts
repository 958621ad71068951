import type { Client } from '@headwater/client';
import { HeartbeatThread } from './heartbeat-thread.js';

/** Options of a {@link RunWatcher}. */
export interface RunWatcherOptions {
  client: Pick<Client, 'updateFlowRunHeartbeat' | 'graphql'>;
  flowRunId: string;
  /**
   * The API and token heartbeats go to from a thread of their own ({@link HeartbeatThread}),
   * so a task blocking the run's event loop does not stop them. Without it, heartbeats go
   * through `client` on the run's own event loop.
   */
  heartbeatThread?: { api: string | readonly string[]; token?: string | undefined };
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
 * While a flow run executes: sends heartbeats (every interval; one at once too unless the
 * API just renewed the run's heartbeat) and watches for cancellation. Failures only warn: one lost heartbeat must not stop a run.
 * Cancellation checks run on the run's event loop: a blocked loop only delays them.
 */
export class RunWatcher {
  readonly #options: RunWatcherOptions;
  readonly #timers: NodeJS.Timeout[] = [];
  #thread: HeartbeatThread | undefined;
  #cancelled = false;

  constructor(options: RunWatcherOptions) {
    this.#options = options;
  }

  /**
   * Starts the heartbeats and checks (once). `heartbeatRenewed`: the process just wrote the
   * run's `Running` state, which renews its heartbeat in the API (every server version does),
   * so the first heartbeat comes after one interval instead of at once.
   */
  start({ heartbeatRenewed = false }: { heartbeatRenewed?: boolean } = {}): void {
    const {
      heartbeatIntervalMs = 30_000,
      cancellationCheckIntervalMs = 5000,
      heartbeatThread,
    } = this.#options;
    if (this.#thread || this.#timers.length > 0) return;
    if (heartbeatThread) {
      this.#thread = new HeartbeatThread({
        ...heartbeatThread,
        flowRunId: this.#options.flowRunId,
        intervalMs: heartbeatIntervalMs,
        beatAtOnce: !heartbeatRenewed,
        onError: (error) => this.#options.onError?.('heartbeat', error),
      });
      this.#thread.start();
    } else {
      if (!heartbeatRenewed) void this.#beat();
      this.#timers.push(setInterval(() => void this.#beat(), heartbeatIntervalMs));
    }
    this.#timers.push(setInterval(() => void this.#check(), cancellationCheckIntervalMs));
    for (const timer of this.#timers) timer.unref();
  }

  /** Stops heartbeats and checks; resolves when the heartbeat thread is gone. */
  async stop(): Promise<void> {
    for (const timer of this.#timers) clearInterval(timer);
    this.#timers.length = 0;
    const thread = this.#thread;
    this.#thread = undefined;
    await thread?.stop();
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
