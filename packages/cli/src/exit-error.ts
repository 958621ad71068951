const marker = Symbol.for('headwater.cli.exit-error');

/** Thrown by a command to end the CLI with `exitCode` after it printed what it had to say. */
export class ExitError extends Error {
  readonly [marker] = true;
  constructor(readonly exitCode: number) {
    super(`exit ${exitCode}`);
    this.name = 'ExitError';
  }

  static isInstance(error: unknown): error is ExitError {
    return error != null && typeof error === 'object' && marker in error;
  }
}
