import { HeadwaterError } from '@headwater/core/base';
import { ClientError, type ClientErrorDetails } from './client-error.js';

const marker = 'headwater.client.not-found-error';
const symbol = Symbol.for(marker);

/** The project, flow, run or token named in a request does not exist (`NOT_FOUND`). */
export class NotFoundError extends ClientError {
  readonly [symbol] = true;

  constructor(details: ClientErrorDetails) {
    super(details);
    this.name = 'NotFoundError';
  }

  static override isInstance(error: unknown): error is NotFoundError {
    return HeadwaterError.hasMarker(error, marker);
  }
}
