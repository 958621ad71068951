import { HeadwaterError } from '@headwater/core';

const marker = 'headwater.storage-docker.docker-engine-unreachable-error';
const symbol = Symbol.for(marker);

/** The Docker engine did not answer; raised before any other work is done. */
export class DockerEngineUnreachableError extends HeadwaterError {
  readonly [symbol] = true;
  /** The engine address that was tried, e.g. `unix:///var/run/docker.sock`. */
  readonly dockerHost: string;

  constructor({ dockerHost, cause }: { dockerHost: string; cause?: unknown }) {
    const reason = cause instanceof Error ? cause.message : String(cause ?? 'no answer');
    super({
      code: 'DOCKER_ENGINE_UNREACHABLE',
      message:
        `Cannot reach the Docker engine at ${dockerHost} (${reason}). ` +
        'Start Docker (Docker Desktop, or `sudo systemctl start docker`), or point Headwater at a running ' +
        'engine with the DOCKER_HOST variable or the `dockerHost` storage option ' +
        '(e.g. unix:///var/run/docker.sock or tcp://127.0.0.1:2375).',
      cause,
    });
    this.name = 'DockerEngineUnreachableError';
    this.dockerHost = dockerHost;
  }

  static override isInstance(error: unknown): error is DockerEngineUnreachableError {
    return HeadwaterError.hasMarker(error, marker);
  }
}
