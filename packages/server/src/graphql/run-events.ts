import { EventEmitter } from 'node:events';
import { SCHEDULED_LIKE_STATES } from '@headwater/core';
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
  /** The states the task runs were written. */
  | { kind: 'taskRuns'; states: readonly string[] }
  | { kind: 'logs' }
  /** `mayMakeRunDue: false`: another replica said its change made no run due. */
  | { kind: 'any'; mayMakeRunDue?: false };

export const ANY_CHANGE: RunChange = { kind: 'any' };

const SCHEDULED_LIKE: ReadonlySet<string> = new Set(SCHEDULED_LIKE_STATES);

/**
 * Whether `change` may have made a run due, for a claim waiting for one: a run created or
 * scheduled again, a task run written to wait for its next try (a Running flow run whose
 * process is gone is then claimed again), anything unknown; not runs or task runs started
 * or finished, nor logs.
 */
export function mayMakeRunDue(change: RunChange): boolean {
  switch (change.kind) {
    case 'logs':
      return false;
    case 'flowRuns':
      return change.flowRuns.some((run) => SCHEDULED_LIKE.has(run.state));
    case 'taskRuns':
      return change.states.some((state) => SCHEDULED_LIKE.has(state));
    case 'any':
      return change.mayMakeRunDue !== false;
  }
}

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

  private readonly publishers: ((tenantId: string, change: RunChange) => void)[] = [];

  /** `change` happened in `tenantId`: wakes this process's subscriptions and tells the other replicas. */
  notify(tenantId: string, change: RunChange = ANY_CHANGE): void {
    this.emitter.emit(tenantId, change);
    for (const publish of this.publishers) publish(tenantId, change);
  }

  /**
   * Another replica changed something in `tenantId`: wakes this process's subscriptions
   * only, and its waiting claims unless the replica said no run became due.
   */
  deliver(tenantId: string, mayMakeRunDue = true): void {
    this.emitter.emit(tenantId, mayMakeRunDue ? ANY_CHANGE : { kind: 'any', mayMakeRunDue: false });
  }

  /** Calls `publish` on every `notify` (the bridge to the other replicas). */
  onNotify(publish: (tenantId: string, change: RunChange) => void): void {
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
