import type { RegistryCredentials } from './flow-launch.js';

/**
 * The options of Docker storage that are plain data: what `flow.deploy(project, options)`
 * hands `createDockerStorage` for a flow without storage (Docker is the default storage),
 * and the base of `@headwater/storage-docker`'s `DockerStorageOptions`. Declared here so
 * `flow.deploy` is typed without importing the Docker package. Only `registryUrl` is needed
 * to push; everything else has a default.
 *
 * @example
 * ```ts
 * await flow.deploy('My Project', {
 *   registryUrl: 'ghcr.io/acme',
 *   dependencies: ['pg@8'],
 *   files: { '/home/me/etl/queries': '/opt/queries' },
 *   env: { TZ: 'UTC' },
 * });
 * ```
 */
export interface DockerDeployOptions {
  /**
   * Registry and namespace to push to: `ghcr.io/acme`, `127.0.0.1:5000`, `acme` (Docker Hub).
   * Without it the image is only built locally and never pushed.
   */
  registryUrl?: string;
  /**
   * Repository name of the image (inside `registryUrl`).
   * @default the slug of the flow name when the storage holds one flow; else a UUID derived from the flow names
   */
  imageName?: string;
  /**
   * Image tag.
   * @default a hash of everything in the image (bundle, dependencies, files, env, base image id, Node and Headwater versions): unchanged code gives the same tag, and a redeploy whose tag the registry already has builds and pushes nothing
   */
  imageTag?: string;
  /**
   * The image to build on; it needs `node` (and `npm` when `dependencies` are given).
   * @default `node:<major>-slim` of the deploying Node
   */
  baseImage?: string;
  /**
   * npm packages installed in the image and left out of the bundle (native modules,
   * packages that read their own files): `pg`, `sharp@0.33`, `@acme/db@^2`, or a local
   * tarball `acme-db@file:/abs/path/acme-db-2.0.0.tgz`. A name without a version installs
   * the version found next to the flow module.
   * @default []
   */
  dependencies?: readonly string[];
  /**
   * Extra files or directories: absolute host path → path in the image.
   * @default {}
   */
  files?: Readonly<Record<string, string>>;
  /**
   * Environment variables set in the image (values are never printed in build output).
   * @default {}
   */
  env?: Readonly<Record<string, string>>;
  /**
   * The Docker engine: `unix:///var/run/docker.sock`, `tcp://host:2375`, `npipe:////./pipe/docker_engine`.
   * @default the `DOCKER_HOST` variable, else the platform's local socket
   */
  dockerHost?: string;
  /**
   * Credentials for `registryUrl`.
   * @default what `docker login` stored: `~/.docker/config.json` (or `$DOCKER_CONFIG`) and its credential helpers
   */
  registryAuth?: RegistryCredentials;
  /**
   * Whether `build()` pushes (when `registryUrl` is set); `build({ push })` overrides it.
   * @default true
   */
  push?: boolean;
  /**
   * Keep the local image after pushing it.
   * @default false
   */
  keepImage?: boolean;
}
