import { EventEmitter } from 'node:events';

/**
 * Wakes live subscriptions of a tenant when this process writes runs or logs. Subscriptions
 * also poll the database, so writes made by other server replicas reach them too.
 */
export class RunEvents {
  private readonly emitter = new EventEmitter();

  constructor() {
    this.emitter.setMaxListeners(0);
  }

  /** Something changed in `tenantId`. */
  notify(tenantId: string): void {
    this.emitter.emit(tenantId);
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
