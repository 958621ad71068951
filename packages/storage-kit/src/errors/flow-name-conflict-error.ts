import { HeadwaterError } from '@headwater/core';

const marker = 'headwater.storage.flow-name-conflict-error';
const symbol = Symbol.for(marker);

/** A storage already holds a flow with this name. */
export class FlowNameConflictError extends HeadwaterError {
  readonly [symbol] = true;
  readonly flowName: string;
  /** The storage type, e.g. `Docker`. */
  readonly storage: string;

  constructor({ flowName, storage }: { flowName: string; storage: string }) {
    super({
      code: 'FLOW_NAME_CONFLICT',
      message: `The ${storage} storage already holds a flow named "${flowName}". Flow names must be unique per storage: rename one of the flows, or use a second storage.`,
    });
    this.name = 'FlowNameConflictError';
    this.flowName = flowName;
    this.storage = storage;
  }

  static override isInstance(error: unknown): error is FlowNameConflictError {
    return HeadwaterError.hasMarker(error, marker);
  }
}
