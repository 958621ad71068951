import type { ProcessLaunch } from '@headwater/core';
import type { RunProcess } from './run-process.js';

/** A loaded run process waiting for the next run of its flow. */
export interface WarmProcess {
  process: RunProcess;
  /** Its launch (command, arguments, directory), as a key. */
  key: string;
  /** The flow whose run it was started for, or ran last: the flow whose next run it takes. */
  flowId: string;
  launch: ProcessLaunch;
  /** Its environment: the run variables without the run id. */
  env: NodeJS.ProcessEnv;
  /** When the launch's stamp file was written, as the process loaded it. */
  stamped: number;
  /** The run variables (without the run id) it was started with. */
  envKey: string;
  /** It ran a run already (else: a standby started ahead of its first). */
  reused: boolean;
}

/** Limits of a {@link WarmPool}. */
export interface WarmPoolLimits {
  /** Standbys (started ahead, not yet used) kept at most. */
  standbys: number;
  /** Processes that finished a run kept at most. */
  reused: number;
  /** How long a process that finished a run waits for another before it is ended. */
  idleMs: number;
}

/**
 * The loaded run processes of a process agent that wait for a run, newest last: standbys
 * started ahead of a flow's next run, and processes that finished a run and can take
 * another. Beyond a limit, or idle too long, the oldest is ended.
 */
export class WarmPool {
  readonly #limits: WarmPoolLimits;
  #entries: WarmProcess[] = [];
  readonly #timers = new Map<RunProcess, NodeJS.Timeout>();

  constructor(limits: WarmPoolLimits) {
    this.#limits = limits;
  }

  add(entry: WarmProcess): void {
    this.remove(entry.process);
    this.#entries.push(entry);
    if (entry.reused) {
      const timer = setTimeout(() => this.#evict(entry), this.#limits.idleMs).unref();
      this.#timers.set(entry.process, timer);
    }
    const limit = entry.reused ? this.#limits.reused : this.#limits.standbys;
    const same = this.#entries.filter((candidate) => candidate.reused === entry.reused);
    for (const oldest of same.slice(0, Math.max(0, same.length - limit))) this.#evict(oldest);
  }

  /**
   * The newest process of `key` that `usable` accepts, taken out of the pool; the processes
   * of `key` it refuses on the way are ended.
   */
  take(key: string, usable: (entry: WarmProcess) => boolean): WarmProcess | undefined {
    for (let i = this.#entries.length - 1; i >= 0; i--) {
      const entry = this.#entries[i]!;
      if (entry.key !== key) continue;
      this.remove(entry.process);
      if (entry.process.alive && usable(entry)) return entry;
      entry.process.kill();
    }
    return undefined;
  }

  /** The flows of the processes that loaded them and wait for a run, each once per process. */
  loadedFlowIds(): string[] {
    return this.#entries.filter((entry) => entry.process.waitsLoaded).map((entry) => entry.flowId);
  }

  has(key: string): boolean {
    return this.#entries.some((entry) => entry.key === key);
  }

  /** The entry of `process`, taken out of the pool (the process goes on). */
  remove(process: RunProcess): WarmProcess | undefined {
    const index = this.#entries.findIndex((entry) => entry.process === process);
    clearTimeout(this.#timers.get(process));
    this.#timers.delete(process);
    return index < 0 ? undefined : this.#entries.splice(index, 1)[0];
  }

  /** Ends every process. */
  close(): void {
    for (const entry of [...this.#entries]) this.#evict(entry);
  }

  #evict(entry: WarmProcess): void {
    this.remove(entry.process);
    entry.process.kill();
  }
}
