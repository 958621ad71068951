import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';

/**
 * Credentials for pulling from a registry: a user and password (or an access token as the
 * password), or an identity token from an OAuth `docker login`.
 *
 * @example
 * ```ts
 * { username: 'puller', password: process.env.REGISTRY_TOKEN! }
 * ```
 */
export type RegistryCredentials = { username: string; password: string } | { identityToken: string };

interface DockerConfigFile {
  auths?: Record<string, { auth?: string; identitytoken?: string; username?: string; password?: string }>;
  credHelpers?: Record<string, string>;
  credsStore?: string;
}

/** Keys under which Docker's config may hold a registry's credentials. */
function configKeys(registry: string): string[] {
  return [
    registry,
    `https://${registry}`,
    `http://${registry}`,
    `https://${registry}/v1/`,
    `https://${registry}/v2/`,
  ];
}

function fromHelper(helper: string, serverUrl: string): Promise<RegistryCredentials | undefined> {
  return new Promise((resolve) => {
    const child = execFile(`docker-credential-${helper}`, ['get'], { timeout: 10_000 }, (error, stdout) => {
      if (error) return resolve(undefined);
      try {
        const { Username, Secret } = JSON.parse(stdout) as { Username?: string; Secret?: string };
        if (!Secret) return resolve(undefined);
        resolve(
          Username === '<token>' ? { identityToken: Secret } : { username: Username ?? '', password: Secret },
        );
      } catch {
        resolve(undefined);
      }
    });
    child.stdin?.end(serverUrl);
  });
}

/**
 * Finds credentials for `registry` (`host[:port]`) in Docker's client config the way the
 * Docker CLI does: the registry's credential helper, its `auths` entry, then the default
 * credential store. Undefined when none are configured.
 *
 * @param configDirectory @default `DOCKER_CONFIG`, else `~/.docker`
 */
export async function dockerConfigCredentials(
  registry: string,
  configDirectory = process.env.DOCKER_CONFIG || join(homedir(), '.docker'),
): Promise<RegistryCredentials | undefined> {
  let config: DockerConfigFile;
  try {
    config = JSON.parse(await readFile(join(configDirectory, 'config.json'), 'utf8')) as DockerConfigFile;
  } catch {
    return undefined;
  }
  const keys = configKeys(registry);
  for (const key of keys) {
    const helper = config.credHelpers?.[key];
    const found = helper ? await fromHelper(helper, key) : undefined;
    if (found) return found;
  }
  for (const key of keys) {
    const entry = config.auths?.[key];
    if (!entry) continue;
    if (entry.identitytoken) return { identityToken: entry.identitytoken };
    if (entry.auth) {
      const decoded = Buffer.from(entry.auth, 'base64').toString('utf8');
      const colon = decoded.indexOf(':');
      if (colon > 0) return { username: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
    }
    if (entry.username && entry.password) return { username: entry.username, password: entry.password };
  }
  if (config.credsStore) {
    for (const key of keys) {
      const found = await fromHelper(config.credsStore, key);
      if (found) return found;
    }
  }
  return undefined;
}
