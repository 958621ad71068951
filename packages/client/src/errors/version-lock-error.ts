import { HeadwaterError } from '@headwater/core/base';
import { ClientError, type ClientErrorDetails } from './client-error.js';

const marker = 'headwater.client.version-lock-error';
const symbol = Symbol.for(marker);

/**
 * A state write named a version of the run that is no longer current
 * (`VERSION_LOCKING_ERROR`): someone else changed the run first. Re-read the run and
 * decide again; never retry blindly.
 */
export class VersionLockError extends ClientError {
  readonly [symbol] = true;

  constructor(details: ClientErrorDetails) {
    super(details);
    this.name = 'VersionLockError';
  }

  static override isInstance(error: unknown): error is VersionLockError {
    return HeadwaterError.hasMarker(error, marker);
  }
}
