/** Where an image lives: the registry host, the repository path, and how to reach its HTTP API. */
export interface ImageReference {
  /** Host[:port] as Docker writes it, e.g. `127.0.0.1:5000`, `ghcr.io`, `docker.io`. */
  registry: string;
  /** Repository inside the registry, e.g. `acme/etl` (`library/etl` on Docker Hub). */
  repository: string;
  /** The name Docker tags and pushes, without tag: `<registryUrl>/<imageName>` or `<imageName>`. */
  name: string;
  /** Base URL of the registry's HTTP API, e.g. `http://127.0.0.1:5000`. */
  apiBaseUrl: string;
  /** Keys under which `~/.docker/config.json` may hold this registry's credentials. */
  authKeys: string[];
}

const DOCKER_HUB = 'docker.io';

function isLoopback(host: string): boolean {
  const hostname = host.replace(/:\d+$/, '').replace(/^\[|\]$/g, '');
  return hostname === 'localhost' || hostname === '::1' || /^127\.\d+\.\d+\.\d+$/.test(hostname);
}

/**
 * Splits `registryUrl` + `imageName` the way Docker does: the first path component is a
 * registry host when it contains `.` or `:` or is `localhost`; otherwise the image is on
 * Docker Hub. Loopback registries are spoken to over plain HTTP, like Docker does.
 *
 * @example
 * ```ts
 * imageReference('127.0.0.1:5000/team', 'etl').repository // 'team/etl'
 * imageReference('acme', 'etl').registry // 'docker.io'
 * ```
 */
export function imageReference(registryUrl: string | undefined, imageName: string): ImageReference {
  const prefix = (registryUrl ?? '').replace(/^[a-z]+:\/\//i, '').replace(/\/+$/, '');
  const name = prefix ? `${prefix}/${imageName}` : imageName;
  const [first = '', ...rest] = name.split('/');
  const hasHost = rest.length > 0 && (first.includes('.') || first.includes(':') || first === 'localhost');
  const registry = hasHost ? first : DOCKER_HUB;
  let repository = hasHost ? rest.join('/') : name;
  const hub =
    registry === DOCKER_HUB || registry === 'index.docker.io' || registry === 'registry-1.docker.io';
  if (hub && !repository.includes('/')) repository = `library/${repository}`;
  const apiHost = hub ? 'registry-1.docker.io' : registry;
  return {
    registry: hub ? DOCKER_HUB : registry,
    repository,
    name,
    apiBaseUrl: `${isLoopback(apiHost) ? 'http' : 'https'}://${apiHost}`,
    authKeys: hub
      ? ['https://index.docker.io/v1/', 'index.docker.io', 'docker.io', 'registry-1.docker.io']
      : [
          registry,
          `https://${registry}`,
          `http://${registry}`,
          `https://${registry}/v1/`,
          `https://${registry}/v2/`,
        ],
  };
}
