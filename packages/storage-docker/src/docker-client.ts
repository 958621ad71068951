import { createRequire } from 'node:module';
import type { DockerEngine } from './docker-engine.js';

// Loaded on use: bundlers do not follow this require, so flow bundles that import this
// package (to attach Docker storage to a flow) never carry dockerode into the image.
const requireFromHere = createRequire(import.meta.url);

/** Where a Docker client connects: a socket (or named pipe), or a host and port. */
export interface DockerConnectionOptions {
  socketPath?: string;
  host?: string;
  port?: number;
  protocol?: 'http' | 'https';
}

/**
 * Connection options for dockerode, from a Docker host URL such as
 * `unix:///var/run/docker.sock`, `tcp://127.0.0.1:2375` or `npipe:////./pipe/docker_engine`.
 *
 * @default the `DOCKER_HOST` variable, else the platform's local socket.
 */
export function dockerConnectionOptions(dockerHost = process.env.DOCKER_HOST): DockerConnectionOptions {
  if (!dockerHost) {
    return process.platform === 'win32'
      ? { socketPath: '//./pipe/docker_engine' }
      : { socketPath: '/var/run/docker.sock' };
  }
  if (dockerHost.startsWith('unix://')) return { socketPath: dockerHost.slice('unix://'.length) };
  if (dockerHost.startsWith('npipe://')) return { socketPath: dockerHost.slice('npipe://'.length) };
  const url = new URL(dockerHost.replace(/^tcp:/, 'http:'));
  return {
    host: url.hostname,
    port: Number(url.port || 2375),
    protocol: url.protocol === 'https:' ? 'https' : 'http',
  };
}

/**
 * A dockerode client for `dockerHost` (see {@link dockerConnectionOptions}), typed as the
 * part of it Docker storage uses. For the rest of dockerode's API, make your own client:
 * `new Dockerode(dockerConnectionOptions(dockerHost))`.
 */
export function createDockerClient(dockerHost?: string): DockerEngine {
  const Dockerode: new (options: DockerConnectionOptions) => DockerEngine = requireFromHere('dockerode');
  return new Dockerode(dockerConnectionOptions(dockerHost));
}
