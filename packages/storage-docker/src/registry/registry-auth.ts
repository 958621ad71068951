import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { RegistryCredentials } from '@headwater/core';
import type { ImageReference } from './image-reference.js';

/**
 * Credentials for a registry: a user and password (or access token as password), or an
 * identity token from `docker login` with an OAuth flow (core's `RegistryCredentials`).
 *
 * @example
 * ```ts
 * { username: 'ci-bot', password: process.env.REGISTRY_TOKEN! }
 * ```
 */
export type RegistryAuth = RegistryCredentials;

interface DockerConfigFile {
  auths?: Record<string, { auth?: string; identitytoken?: string; username?: string; password?: string }>;
  credHelpers?: Record<string, string>;
  credsStore?: string;
}

/** The directory of Docker's client config: `DOCKER_CONFIG`, else `~/.docker`. */
export function dockerConfigDirectory(env: NodeJS.ProcessEnv = process.env): string {
  return env.DOCKER_CONFIG || join(homedir(), '.docker');
}

async function readDockerConfig(directory: string): Promise<DockerConfigFile | undefined> {
  try {
    return JSON.parse(await readFile(join(directory, 'config.json'), 'utf8')) as DockerConfigFile;
  } catch {
    return undefined;
  }
}

function fromHelper(helper: string, serverUrl: string): Promise<RegistryAuth | undefined> {
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
 * Finds credentials for `reference`'s registry the way the Docker CLI does: the
 * per-registry credential helper, then the `auths` entry, then the default credential store.
 * Resolves to `undefined` when none are configured.
 */
export async function resolveRegistryAuth(
  reference: ImageReference,
  configDirectory = dockerConfigDirectory(),
): Promise<RegistryAuth | undefined> {
  const config = await readDockerConfig(configDirectory);
  if (!config) return undefined;
  for (const key of reference.authKeys) {
    const helper = config.credHelpers?.[key];
    if (helper) {
      const auth = await fromHelper(helper, key);
      if (auth) return auth;
    }
  }
  for (const key of reference.authKeys) {
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
    for (const key of reference.authKeys) {
      const auth = await fromHelper(config.credsStore, key);
      if (auth) return auth;
    }
  }
  return undefined;
}

/** The `authconfig` the Docker engine expects for a push or pull. */
export function engineAuthConfig(reference: ImageReference, auth: RegistryAuth | undefined) {
  const serveraddress =
    reference.registry === 'docker.io' ? 'https://index.docker.io/v1/' : reference.registry;
  if (!auth) return { serveraddress };
  if ('identityToken' in auth) return { serveraddress, identitytoken: auth.identityToken };
  return { serveraddress, username: auth.username, password: auth.password };
}
