import { HeadwaterError } from '@headwater/core';

const marker = 'headwater.storage.flow-not-in-storage-error';
const symbol = Symbol.for(marker);

/** A storage was asked for a flow it does not hold. */
export class FlowNotInStorageError extends HeadwaterError {
  readonly [symbol] = true;
  readonly flowName: string;
  /** The storage type, e.g. `Local`. */
  readonly storage: string;
  /** The flows it holds. */
  readonly held: readonly string[];

  constructor({ flowName, storage, held }: { flowName: string; storage: string; held: readonly string[] }) {
    super({
      code: 'FLOW_NOT_IN_STORAGE',
      message: `The ${storage} storage holds no flow named "${flowName}" (it holds: ${held.join(', ') || 'none'}). Deploy the flow again so its storage and its registration match.`,
    });
    this.name = 'FlowNotInStorageError';
    this.flowName = flowName;
    this.storage = storage;
    this.held = held;
  }

  static override isInstance(error: unknown): error is FlowNotInStorageError {
    return HeadwaterError.hasMarker(error, marker);
  }
}
