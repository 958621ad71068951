import { HeadwaterError } from '@headwater/core';

const marker = 'headwater.storage-docker.registry-unreachable-error';
const symbol = Symbol.for(marker);

/** The registry did not answer (connection refused, unknown host, TLS problem). */
export class RegistryUnreachableError extends HeadwaterError {
  readonly [symbol] = true;
  /** The registry host, e.g. `127.0.0.1:5000` or `docker.io`. */
  readonly registry: string;
  readonly reason: string;

  constructor({ registry, reason, cause }: { registry: string; reason: string; cause?: unknown }) {
    super({
      code: 'REGISTRY_UNREACHABLE',
      message:
        `Cannot reach the Docker registry ${registry}: ${reason}. ` +
        'Check the `registryUrl` storage option (host[:port]/namespace, e.g. ghcr.io/acme or 127.0.0.1:5000) ' +
        'and that the registry is running and reachable from this machine and from the Docker engine.',
      cause,
    });
    this.name = 'RegistryUnreachableError';
    this.registry = registry;
    this.reason = reason;
  }

  static override isInstance(error: unknown): error is RegistryUnreachableError {
    return HeadwaterError.hasMarker(error, marker);
  }
}
