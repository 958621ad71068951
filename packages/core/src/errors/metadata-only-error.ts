import { HeadwaterError } from './headwater-error.js';

const marker = 'headwater.error.metadata-only';
const symbol = Symbol.for(marker);

/**
 * Something loaded from JSON (a deserialized flow, task, storage or environment) was asked
 * to do work. Serialized flows are metadata; the runnable flow lives in its storage.
 */
export class MetadataOnlyError extends HeadwaterError {
  readonly [symbol] = true;
  /** What was asked, e.g. `run task "extract-1"`. */
  readonly operation: string;

  constructor({ operation, hint }: { operation: string; hint?: string }) {
    super({
      code: 'METADATA_ONLY',
      message: `Cannot ${operation}: it was loaded from serialized metadata and has no code. ${hint ?? 'Load the runnable flow from its storage (storage.getFlow) instead.'}`,
    });
    this.name = 'MetadataOnlyError';
    this.operation = operation;
  }

  static override isInstance(error: unknown): error is MetadataOnlyError {
    return HeadwaterError.hasMarker(error, marker);
  }
}
