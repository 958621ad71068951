import { HeadwaterError } from './headwater-error.js';

const marker = 'headwater.error.control-flow';
const symbol = Symbol.for(marker);

/**
 * A branching helper (`ifElse`, `switchCase`, `merge`) could not be wired: it could not tell
 * which flow its tasks belong to, or was given nothing to branch to.
 */
export class ControlFlowError extends HeadwaterError {
  readonly [symbol] = true;
  /** The helper that refused, e.g. `ifElse`. */
  readonly construct: string;
  /** Names (or slugs) of the tasks involved. */
  readonly tasks: readonly string[];

  constructor({
    construct,
    tasks,
    message,
  }: { construct: string; tasks: readonly string[]; message: string }) {
    super({ code: 'CONTROL_FLOW', message: `${construct}: ${message}` });
    this.name = 'ControlFlowError';
    this.construct = construct;
    this.tasks = tasks;
  }

  static override isInstance(error: unknown): error is ControlFlowError {
    return HeadwaterError.hasMarker(error, marker);
  }
}
