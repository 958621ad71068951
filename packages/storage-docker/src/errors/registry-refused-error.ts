import { HeadwaterError } from '@headwater/core';

const marker = 'headwater.storage-docker.registry-refused-error';
const symbol = Symbol.for(marker);

/** The registry answered but refused: bad or missing credentials, no permission, bad name. */
export class RegistryRefusedError extends HeadwaterError {
  readonly [symbol] = true;
  readonly registry: string;
  /** The image reference the request was about. */
  readonly image: string;
  /** The registry's own message. */
  readonly registryMessage: string;
  /** HTTP status, when the refusal came from the registry's HTTP API. */
  readonly status: number | undefined;
  /** Whether credentials were sent. */
  readonly authenticated: boolean;

  constructor(details: {
    registry: string;
    image: string;
    registryMessage: string;
    status?: number;
    authenticated: boolean;
    cause?: unknown;
  }) {
    const hint = details.authenticated
      ? 'The credentials were sent and refused: check the user, password or token and that it may push to this repository.'
      : `No credentials were found for ${details.registry}: run \`docker login ${details.registry}\` ` +
        '(Headwater reads ~/.docker/config.json and its credential helpers) or set the `registryAuth` storage option.';
    super({
      code: 'REGISTRY_REFUSED',
      message: `The registry ${details.registry} refused ${details.image}: ${details.registryMessage}. ${hint}`,
      cause: details.cause,
    });
    this.name = 'RegistryRefusedError';
    this.registry = details.registry;
    this.image = details.image;
    this.registryMessage = details.registryMessage;
    this.status = details.status;
    this.authenticated = details.authenticated;
  }

  static override isInstance(error: unknown): error is RegistryRefusedError {
    return HeadwaterError.hasMarker(error, marker);
  }
}
