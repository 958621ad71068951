import { EventEmitter } from 'node:events';
import type { FlowRunModel } from '../api/models.js';

/**
 * What a write changed, so that a subscription can tell whether it has anything to read:
 * - `flowRuns`: these flow runs, as the write committed them (a subscription to flow runs need
 *   not read them back);
 * - `taskRuns` / `logs`: only task runs, or only log lines (no flow run changed);
 * - `any`: anything may have changed (another replica's write, the scheduler, most mutations).
 */
export type RunChange =
  | { kind: 'flowRuns'; flowRuns: readonly FlowRunModel[] }
  | { kind: 'taskRuns' }
  | { kind: 'logs' }
  | { kind: 'any' };

export const ANY_CHANGE: RunChange = { kind: 'any' };

/**
 * Wakes live subscriptions of a tenant when this process writes runs or logs, and (on
 * PostgreSQL, through `postgres-run-events.ts`) when another server replica does.
 * Subscriptions also poll the database, which stays the fallback.
 */
export class RunEvents {
  private readonly emitter = new EventEmitter();

  constructor() {
    this.emitter.setMaxListeners(0);
  }

  private readonly publishers: ((tenantId: string) => void)[] = [];

  /** `change` happened in `tenantId`: wakes this process's subscriptions and tells the other replicas. */
  notify(tenantId: string, change: RunChange = ANY_CHANGE): void {
    this.emitter.emit(tenantId, change);
    for (const publish of this.publishers) publish(tenantId);
  }

  /** Another replica changed something in `tenantId`: wakes this process's subscriptions only. */
  deliver(tenantId: string): void {
    this.emitter.emit(tenantId, ANY_CHANGE);
  }

  /** Calls `publish` on every `notify` (the bridge to the other replicas). */
  onNotify(publish: (tenantId: string) => void): void {
    this.publishers.push(publish);
  }

  /** Calls `listener` with every change in `tenantId` until the returned function is called. */
  listen(tenantId: string, listener: (change: RunChange) => void): () => void {
    this.emitter.on(tenantId, listener);
    return () => this.emitter.off(tenantId, listener);
  }

  /** Resolves on the next change in `tenantId`, after `timeoutMs`, or when `signal` aborts. */
  wait(tenantId: string, timeoutMs: number, signal: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        stop();
        signal.removeEventListener('abort', done);
        resolve();
      };
      const timer = setTimeout(done, timeoutMs);
      const stop = this.listen(tenantId, done);
      signal.addEventListener('abort', done);
    });
  }
}
