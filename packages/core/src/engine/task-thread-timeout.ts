/** Why a task's thread was terminated: its task ran past its time limit. */
export class TaskThreadTimeout extends Error {
  /** The limit, in milliseconds. */
  readonly timeout: number;

  constructor(timeout: number) {
    super(`The task ran past its limit of ${timeout} ms; its thread was terminated.`);
    this.name = 'TaskThreadTimeout';
    this.timeout = timeout;
  }
}
