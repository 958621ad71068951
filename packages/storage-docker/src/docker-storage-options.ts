import type { DockerDeployOptions } from '@headwater/core';
import { defineStorageOptions } from '@headwater/storage-kit';
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

const PYTHON_DEPENDENCIES =
  'the original installed Python packages with python_dependencies; Headwater images get npm packages: use "dependencies" (e.g. dependencies: [\'pg@8\'])';

/** The accepted Docker storage options, and what the original's Python options became. */
export const dockerStorageOptions = defineStorageOptions<DockerStorageOptions>({
  receiver: 'createDockerStorage',
  keys: {
    registryUrl: true,
    imageName: true,
    imageTag: true,
    baseImage: true,
    dependencies: true,
    files: true,
    env: true,
    dockerHost: true,
    registryAuth: true,
    push: true,
    keepImage: true,
    docker: true,
  },
  hints: {
    pythonDependencies: PYTHON_DEPENDENCIES,
    python_dependencies: PYTHON_DEPENDENCIES,
    env_vars: "the original's env_vars is \"env\" here (e.g. env: { TZ: 'UTC' })",
    envVars: 'environment variables of the image are "env" here (e.g. env: { TZ: \'UTC\' })',
    base_url: 'the original\'s base_url (the Docker daemon) is "dockerHost" here',
    baseUrl: 'the Docker daemon is "dockerHost" here (e.g. dockerHost: \'unix:///var/run/docker.sock\')',
    prefect_version:
      "the Headwater runtime in the image is the one installed in your flow's project; there is nothing to set",
    local_image:
      'not needed: a base image already on the Docker engine is used without pulling (set "baseImage" to it)',
  },
});
