import { HeadwaterError } from '@headwater/core';

const marker = 'headwater.storage.flow-load-error';
const symbol = Symbol.for(marker);

/** A flow could not be loaded from its storage. */
export class FlowLoadError extends HeadwaterError {
  readonly [symbol] = true;
  readonly flowName: string;
  /** Where it was looked for. */
  readonly location: string | undefined;

  constructor({
    flowName,
    location,
    reason,
    cause,
  }: { flowName: string; location?: string; reason: string; cause?: unknown }) {
    super({
      code: 'FLOW_LOAD_FAILED',
      message: `Cannot load flow "${flowName}"${location ? ` from ${location}` : ''}: ${reason}`,
      cause,
    });
    this.name = 'FlowLoadError';
    this.flowName = flowName;
    this.location = location;
  }

  static override isInstance(error: unknown): error is FlowLoadError {
    return HeadwaterError.hasMarker(error, marker);
  }
}
