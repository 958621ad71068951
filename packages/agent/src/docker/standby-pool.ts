import type { StandbyContainer } from './standby-container.js';

/** Limits of a {@link StandbyPool}. */
export interface StandbyPoolLimits {
  /** Standby containers kept at most, over all keys. */
  size: number;
  /** How long a standby waits for its run, from when its container started, before it is removed. */
  idleMs: number;
}

/**
 * The standby containers of a Docker agent waiting for a run, oldest first, at most one per
 * key. Beyond the limit, or idle too long, a standby is discarded (its container removed).
 */
export class StandbyPool {
  readonly #limits: StandbyPoolLimits;
  #entries: StandbyContainer[] = [];
  readonly #timers = new Map<StandbyContainer, NodeJS.Timeout>();
  readonly #discarding = new Set<Promise<void>>();

  constructor(limits: StandbyPoolLimits) {
    this.#limits = limits;
  }

  has(key: string): boolean {
    return this.#entries.some((entry) => entry.key === key);
  }

  add(standby: StandbyContainer): void {
    this.#entries.push(standby);
    // The wait begins once the container is up: a slow start on a busy engine does not count.
    void standby.started.then(() => {
      if (!this.#entries.includes(standby)) return;
      this.#timers.set(standby, setTimeout(() => this.#discard(standby), this.#limits.idleMs).unref());
    });
    const over = this.#entries.length - this.#limits.size;
    for (const oldest of this.#entries.slice(0, Math.max(0, over))) this.#discard(oldest);
  }

  /** The standby of `key`, taken out of the pool. */
  take(key: string): StandbyContainer | undefined {
    const standby = this.#entries.find((entry) => entry.key === key);
    if (standby) this.remove(standby);
    return standby;
  }

  /** Takes `standby` out of the pool (its container goes on). */
  remove(standby: StandbyContainer): void {
    clearTimeout(this.#timers.get(standby));
    this.#timers.delete(standby);
    this.#entries = this.#entries.filter((entry) => entry !== standby);
  }

  /** Discards every standby; resolves once their containers are removed. */
  async close(): Promise<void> {
    for (const standby of [...this.#entries]) this.#discard(standby);
    await Promise.all(this.#discarding);
  }

  #discard(standby: StandbyContainer): void {
    this.remove(standby);
    const discarding = standby.discard();
    this.#discarding.add(discarding);
    void discarding.finally(() => this.#discarding.delete(discarding));
  }
}
