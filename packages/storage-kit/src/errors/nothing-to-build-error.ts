import { HeadwaterError } from '@headwater/core';

const marker = 'headwater.storage.nothing-to-build-error';
const symbol = Symbol.for(marker);

/**
 * `build()` was called on a storage with no flow code: it holds no flows, or only flows
 * restored from metadata (their code is in the built image or directory, not here).
 */
export class NothingToBuildError extends HeadwaterError {
  readonly [symbol] = true;
  /** The storage type, e.g. `Docker`. */
  readonly storage: string;
  /** Flows known only from metadata. */
  readonly restoredOnly: readonly string[];

  constructor({ storage, restoredOnly }: { storage: string; restoredOnly: readonly string[] }) {
    super({
      code: 'NOTHING_TO_BUILD',
      message:
        restoredOnly.length === 0
          ? `This ${storage} storage holds no flows: add one with storage.addFlow(flow) before building.`
          : `Flows restored from metadata (${restoredOnly.join(', ')}) have no code to build: add the Flow objects to a new ${storage} storage.`,
    });
    this.name = 'NothingToBuildError';
    this.storage = storage;
    this.restoredOnly = restoredOnly;
  }

  static override isInstance(error: unknown): error is NothingToBuildError {
    return HeadwaterError.hasMarker(error, marker);
  }
}
