import type { Turn } from '../executors/local-executor.js';
import type { State } from '../states/state.js';
import type { TaskSchedule } from './task-schedule.js';

/**
 * One task's run in a {@link TaskSchedule} and what becomes of its outcome: one object per
 * task, where closures for the work and its callbacks would be three.
 */
export class TaskTurn implements Turn {
  readonly #schedule: TaskSchedule;
  readonly #at: number;
  readonly #initial: State | undefined;

  constructor(schedule: TaskSchedule, at: number, initial: State | undefined) {
    this.#schedule = schedule;
    this.#at = at;
    this.#initial = initial;
  }

  work(): Promise<State> {
    return this.#schedule.runTask(this.#at, this.#initial);
  }

  fulfilled(state: State): void {
    this.#schedule.settle(this.#at, state);
  }

  rejected(reason: unknown): void {
    this.#schedule.fail(reason);
  }

  /** Settles the task with the outcome of `running`. */
  settleWith(running: Promise<State>): void {
    running.then(
      (state) => this.fulfilled(state),
      (reason: unknown) => this.rejected(reason),
    );
  }
}
