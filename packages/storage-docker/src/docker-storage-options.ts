import type { DockerDeployOptions } from '@headwater/core';
import type { DockerEngine } from './docker-engine.js';

/**
 * Options of Docker storage (`createDockerStorage(options)` / `new Docker(options)`): the
 * plain-data options `flow.deploy` also accepts (`DockerDeployOptions` of `@headwater/core`,
 * documented there: `registryUrl`, `imageName`, `imageTag`, `baseImage`, `dependencies`,
 * `files`, `env`, `dockerHost`, `registryAuth`, `push`, `keepImage`), plus an injectable
 * Docker client. Only `registryUrl` is needed to push; everything else has a default.
 * Options are never mutated: `build()` resolves to a new storage with the image name and
 * tag filled in. Unknown options are refused with the option probably meant.
 *
 * @example
 * ```ts
 * const storage = createDockerStorage({
 *   registryUrl: 'ghcr.io/acme',
 *   dependencies: ['pg@8'],
 *   files: { '/home/me/etl/queries': '/opt/queries' },
 *   env: { TZ: 'UTC' },
 * });
 * ```
 */
export interface DockerStorageOptions extends DockerDeployOptions {
  /**
   * A dockerode client to use instead of one made from `dockerHost` (TLS, SSH, tests).
   * Not serialized.
   */
  docker?: DockerEngine;
}
