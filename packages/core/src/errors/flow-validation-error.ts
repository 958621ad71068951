import { HeadwaterError } from './headwater-error.js';

const marker = 'headwater.error.flow-validation';
const symbol = Symbol.for(marker);

/**
 * A flow is not well formed: a cycle, a duplicate slug, an edge or reference task outside
 * the flow, or a schedule on a flow whose required parameters have no defaults.
 */
export class FlowValidationError extends HeadwaterError {
  readonly [symbol] = true;
  /** The flow's name. */
  readonly flowName: string;
  /** Names (or slugs) of the tasks involved. */
  readonly tasks: readonly string[];

  constructor({ flowName, tasks, message }: { flowName: string; tasks: readonly string[]; message: string }) {
    super({ code: 'FLOW_VALIDATION', message: `Flow "${flowName}" is not valid: ${message}` });
    this.name = 'FlowValidationError';
    this.flowName = flowName;
    this.tasks = tasks;
  }

  static override isInstance(error: unknown): error is FlowValidationError {
    return HeadwaterError.hasMarker(error, marker);
  }
}
