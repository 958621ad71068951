import { EventEmitter } from 'node:events';

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

  /** Something changed in `tenantId`: wakes this process's subscriptions and tells the other replicas. */
  notify(tenantId: string): void {
    this.emitter.emit(tenantId);
    for (const publish of this.publishers) publish(tenantId);
  }

  /** Another replica changed something in `tenantId`: wakes this process's subscriptions only. */
  deliver(tenantId: string): void {
    this.emitter.emit(tenantId);
  }

  /** Calls `publish` on every `notify` (the bridge to the other replicas). */
  onNotify(publish: (tenantId: string) => void): void {
    this.publishers.push(publish);
  }

  /** Resolves on the next change in `tenantId`, after `timeoutMs`, or when `signal` aborts. */
  wait(tenantId: string, timeoutMs: number, signal: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.emitter.off(tenantId, done);
        signal.removeEventListener('abort', done);
        resolve();
      };
      const timer = setTimeout(done, timeoutMs);
      this.emitter.on(tenantId, done);
      signal.addEventListener('abort', done);
    });
  }
}
