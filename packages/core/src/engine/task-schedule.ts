import type { Executor } from '../contracts/executor.js';
import { type LocalExecutor, runInTurn } from '../executors/local-executor.js';
import type { Edge } from '../flow/edge.js';
import { Cancelled, type State } from '../states/state.js';
import type { Task } from '../tasks/task.js';
import type { RunPlan } from './run-plan.js';
import { TaskRunner, type TaskRunSettings } from './task-runner.js';
import { TaskTurn } from './task-turn.js';

/** What a {@link TaskSchedule} runs: one flow run's tasks, where, and from which states. */
export interface ScheduledRun {
  readonly plan: RunPlan;
  readonly settings: TaskRunSettings;
  readonly executor: Executor;
  /** The executor when it is a LocalExecutor that takes turns (see `runInTurn`). */
  readonly inTurn: LocalExecutor | undefined;
  /** A task's state to start from, when the run resumes one. */
  readonly startState: (task: Task<any, unknown>) => State | undefined;
}

/**
 * Runs one flow run's tasks on its executor, each as soon as the last of its upstream
 * tasks settles, and keeps their states by position in the plan.
 */
export class TaskSchedule {
  readonly #run: ScheduledRun;
  /** Each task's state, by position. */
  readonly #states: State[];
  /** How many edges each task still waits on. */
  readonly #waitingOn: Int32Array;
  #unsettled: number;
  #resolve: (states: State[]) => void = () => {};
  #reject: (reason: unknown) => void = () => {};

  constructor(run: ScheduledRun) {
    this.#run = run;
    this.#states = new Array(run.plan.tasks.length);
    this.#waitingOn = run.plan.incoming.slice();
    this.#unsettled = run.plan.tasks.length;
  }

  /** Resolves to every task's state, by position; rejects when a task run throws. */
  run(): Promise<State[]> {
    return new Promise<State[]>((resolve, reject) => {
      this.#resolve = resolve;
      this.#reject = reject;
      if (this.#unsettled === 0) resolve(this.#states);
      const waitingOn = this.#waitingOn;
      for (let at = 0; at < waitingOn.length; at += 1) if (waitingOn[at] === 0) this.#launch(at);
    });
  }

  /** Runs the task at `at` (unmapped) from `initial`. */
  runTask(at: number, initial: State | undefined): Promise<State> {
    const { plan, settings } = this.#run;
    return new TaskRunner(plan.tasks[at]!, settings).run({ upstream: this.#upstreamOf(at), state: initial });
  }

  /** Keeps the state of the task at `at` and launches the tasks that waited only on it. */
  settle(at: number, state: State): void {
    this.#states[at] = state;
    const downstream = this.#run.plan.downstreamAt[at]!;
    const waitingOn = this.#waitingOn;
    for (let i = 0; i < downstream.length; i += 1) {
      const next = downstream[i]!;
      const left = waitingOn[next]! - 1;
      waitingOn[next] = left;
      if (left === 0) this.#launch(next);
    }
    this.#unsettled -= 1;
    if (this.#unsettled === 0) this.#resolve(this.#states);
  }

  fail(reason: unknown): void {
    this.#reject(reason);
  }

  #launch(at: number): void {
    const { plan, settings, executor, inTurn, startState } = this.#run;
    const initial = startState(plan.tasks[at]!);
    const turn = new TaskTurn(this, at, initial);
    if (settings.signal?.aborted && !initial?.isFinished()) {
      turn.settleWith(Promise.resolve(new Cancelled({ message: 'Flow run was cancelled.' })));
    } else if (plan.mapped[at] === 1) {
      const runner = new TaskRunner(plan.tasks[at]!, settings);
      turn.settleWith(runner.runMapped({ upstream: this.#upstreamOf(at), executor, state: initial }));
    } else if (inTurn !== undefined) {
      // Runner and inputs are made when the executor gets to the task: a fan-out queues thousands.
      inTurn[runInTurn](turn);
    } else {
      turn.settleWith(executor.submit(() => turn.work()));
    }
  }

  #upstreamOf(at: number): Map<Edge, State> {
    const { edgesTo, upstreamAt } = this.#run.plan;
    const upstream = new Map<Edge, State>();
    const edges = edgesTo[at]!;
    const from = upstreamAt[at]!;
    for (let i = 0; i < edges.length; i += 1) upstream.set(edges[i]!, this.#states[from[i]!]!);
    return upstream;
  }
}
