import { HeadwaterError } from '@headwater/core/base';
import { ClientError, type ClientErrorDetails } from './client-error.js';

const marker = 'headwater.client.authorization-error';
const symbol = Symbol.for(marker);

/**
 * The API refused the token: missing or unknown (`UNAUTHENTICATED`), or without the
 * scope the operation needs (`FORBIDDEN`).
 */
export class AuthorizationError extends ClientError {
  readonly [symbol] = true;

  constructor(details: ClientErrorDetails) {
    super(details);
    this.name = 'AuthorizationError';
  }

  static override isInstance(error: unknown): error is AuthorizationError {
    return HeadwaterError.hasMarker(error, marker);
  }
}
