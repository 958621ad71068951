import type { ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { setImmediate as nextTurn } from 'node:timers/promises';
import type { DeployedRun, FlowRunDeployment, RunExit } from '../agent-platform.js';
import { OutputTail } from '../output-tail.js';

/** The descriptor on which a run process says how its runs go (`--started-fd`). */
export const SIGNAL_FD = 3;

/** How long a process asked to end may take before it gets SIGTERM. */
const END_GRACE_MS = 2000;

/** Options of a {@link RunProcess}. */
export interface RunProcessOptions {
  /** Lines of a run's output kept to explain a failure. */
  tailSize: number;
  /** Receives every line a run prints. */
  output?: ((line: string, run: FlowRunDeployment) => void) | undefined;
}

/** How {@link RunProcess.handOver} hands a run over. */
export interface Handover {
  /** The process exits after this run. */
  last: boolean;
  /** Take it as said that the process runs several runs. */
  reusable?: boolean;
  /** Wait this long for a process that did not say yet whether it runs several runs. */
  decideWithinMs?: number;
  /** It did not say so in time: it runs this run only. */
  onNotReusable?: () => void;
}

/** The run a {@link RunProcess} is running. */
interface CurrentRun {
  run: FlowRunDeployment;
  tail: OutputTail;
  onStarted: (() => void)[];
  settle: (exit: RunExit) => void;
}

/**
 * A started run process (`execute flow-run`), with what it says on its signal descriptor
 * (`reusable`, `started`, `finished <code>`, one a line: see `RunProcessSignals` in
 * `@headwater/runtime`). It runs one run at a time; its output goes to that run. A reusable
 * process whose stdin is still open waits for another run once it said `finished`.
 */
export class RunProcess {
  readonly child: ChildProcess;
  readonly #options: RunProcessOptions;
  #current: CurrentRun | undefined;
  /** The last run's, for output the process prints between runs. */
  #last: CurrentRun | undefined;
  #reusable = false;
  /** It said it runs several runs, which it says once its flows are loaded. */
  #loaded = false;
  #stdinOpen = true;
  readonly #closed: Promise<void>[] = [];
  readonly #onIdle: (() => void)[] = [];
  readonly #onReusable: (() => void)[] = [];
  #used = false;
  #ended = false;

  constructor(child: ChildProcess, options: RunProcessOptions) {
    this.child = child;
    this.#options = options;
    for (const stream of [child.stdout, child.stderr]) {
      if (!stream) continue;
      const reader = createInterface({ input: stream, crlfDelay: Number.POSITIVE_INFINITY });
      reader.on('line', (line) => this.#print(line));
      this.#closed.push(new Promise((resolve) => reader.once('close', resolve)));
    }
    // A handover written to a process that just died fails with EPIPE: its exit says the rest.
    child.stdin?.on('error', () => {});
    const signals = child.stdio[SIGNAL_FD] as NodeJS.ReadableStream | null | undefined;
    if (signals) {
      signals.on('error', () => {});
      createInterface({ input: signals, crlfDelay: Number.POSITIVE_INFINITY }).on('line', (line) =>
        this.#signal(line.trim()),
      );
    }
    child.once('close', (exitCode, signal) => void this.#exit(exitCode, signal));
  }

  /** The process has not exited. */
  get alive(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  /** It said it runs several runs, and its stdin is still open for the next. */
  get reusable(): boolean {
    return this.#reusable && this.#stdinOpen && this.alive;
  }

  /** It loaded its flows and waits for a run on stdin: what it is handed starts at once. */
  get waitsLoaded(): boolean {
    return this.#loaded && this.#current === undefined && this.reusable;
  }

  /** The flow of the run it ran last, if any. */
  get lastFlowId(): string | undefined {
    return this.#last?.run.flowId;
  }

  /** It was handed a run (or started with one). */
  get used(): boolean {
    return this.#used;
  }

  /** It was asked to end ({@link kill}). */
  get ended(): boolean {
    return this.#ended;
  }

  /** Calls `listener` when the process says it runs several runs. */
  onReusable(listener: () => void): void {
    this.#onReusable.push(listener);
  }

  /** Calls `listener` each time the process finished a run and can take another. */
  onIdle(listener: () => void): void {
    this.#onIdle.push(listener);
  }

  /**
   * Hands `run` to the process on stdin (its id, then the flow run as JSON). The process
   * runs further runs only if it says it can (`reusable`) and `last` is false; otherwise stdin
   * ends after this run, so the process exits after it. `reusable` takes it as said (a
   * process of the same launch did); `decideWithinMs` waits that long for a process still
   * loading to say it, then ends stdin and calls `onNotReusable`.
   */
  handOver(run: FlowRunDeployment, handover: Handover): DeployedRun {
    if (handover.reusable) this.#reusable = true;
    const exited = this.#assign(run);
    const text = `${run.flowRunId}\n${run.flowRun ? JSON.stringify(run.flowRun) : ''}\n`;
    const undecided = !handover.last && !this.#reusable && handover.decideWithinMs !== undefined;
    if (handover.last || (!this.#reusable && !undecided)) this.#endStdin(text);
    else this.child.stdin?.write(text);
    if (undecided) {
      const timer = setTimeout(() => {
        if (this.#reusable) return;
        this.#endStdin();
        handover.onNotReusable?.();
      }, handover.decideWithinMs).unref();
      this.#onReusable.push(() => clearTimeout(timer));
    }
    return this.#handle(exited);
  }

  /** Follows `run`, which the process was started with (its stdin is not ours). */
  follow(run: FlowRunDeployment): DeployedRun {
    this.#stdinOpen = false;
    return this.#handle(this.#assign(run));
  }

  /** Calls `then` when the current run says it is Running (at once when there is none). */
  whenStarted(then: () => void): void {
    if (this.#current) this.#current.onStarted.push(then);
    else then();
  }

  /**
   * Ends the process: a process waiting for a run exits when its stdin ends; one that has
   * not after {@link END_GRACE_MS} (still loading, or stuck) gets SIGTERM.
   */
  kill(): void {
    this.#ended = true;
    this.#endStdin();
    const timer = setTimeout(() => {
      if (this.alive) this.child.kill('SIGTERM');
    }, END_GRACE_MS).unref();
    this.child.once('exit', () => clearTimeout(timer));
  }

  #endStdin(text?: string): void {
    this.#stdinOpen = false;
    this.child.stdin?.end(text);
  }

  #assign(run: FlowRunDeployment): Promise<RunExit> {
    this.#used = true;
    return new Promise<RunExit>((settle) => {
      this.#current = { run, tail: new OutputTail(this.#options.tailSize), onStarted: [], settle };
      this.#last = this.#current;
    });
  }

  #handle(exited: Promise<RunExit>): DeployedRun {
    const pid = this.child.pid!;
    return {
      id: `pid ${pid}`,
      exited,
      stop: async ({ graceMs = 10_000 } = {}) => {
        if (!this.alive || this.#current === undefined) return;
        killGroup(pid, 'SIGTERM');
        const timer = setTimeout(() => killGroup(pid, 'SIGKILL'), graceMs);
        await exited;
        clearTimeout(timer);
      },
    };
  }

  #print(line: string): void {
    const current = this.#current ?? this.#last;
    current?.tail.push(`${line}\n`);
    if (current) this.#options.output?.(line, current.run);
  }

  #signal(line: string): void {
    if (line === 'reusable') {
      this.#reusable = true;
      this.#loaded = true;
      for (const listener of this.#onReusable) listener();
    } else if (line === 'started') this.#started();
    else if (line.startsWith('finished ')) void this.#finished(Number(line.slice('finished '.length)));
  }

  #started(): void {
    const listeners = this.#current?.onStarted.splice(0) ?? [];
    for (const listener of listeners) listener();
  }

  async #finished(exitCode: number): Promise<void> {
    // Output the run printed before it said so may still be in its pipes: read it first.
    await nextTurn();
    await nextTurn();
    const current = this.#current;
    if (!current || !this.alive) return;
    this.#current = undefined;
    for (const listener of current.onStarted.splice(0)) listener();
    current.settle({ exitCode, signal: null, logTail: current.tail.lines() });
    if (this.reusable) for (const listener of this.#onIdle) listener();
  }

  async #exit(exitCode: number | null, signal: NodeJS.Signals | null): Promise<void> {
    await Promise.all(this.#closed);
    const current = this.#current;
    this.#current = undefined;
    if (!current) return;
    for (const listener of current.onStarted.splice(0)) listener();
    current.settle({ exitCode, signal, logTail: current.tail.lines() });
  }
}

function killGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // Already gone.
  }
}
