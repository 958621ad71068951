import Docker from 'dockerode';

const MANIFEST_TYPES = [
  'application/vnd.docker.distribution.manifest.v2+json',
  'application/vnd.docker.distribution.manifest.list.v2+json',
  'application/vnd.oci.image.manifest.v1+json',
  'application/vnd.oci.image.index.v1+json',
].join(', ');

/** The digest the registry serves for `repository:tag`, as a puller would get it; undefined when absent. */
export async function manifestDigest(
  registry: string,
  repository: string,
  tag: string,
): Promise<string | undefined> {
  const response = await fetch(`http://${registry}/v2/${repository}/manifests/${tag}`, {
    method: 'HEAD',
    headers: { Accept: MANIFEST_TYPES },
  });
  if (response.status === 404) return undefined;
  if (!response.ok) throw new Error(`HEAD ${repository}:${tag} in ${registry}: HTTP ${response.status}`);
  return response.headers.get('docker-content-digest') ?? undefined;
}

/** The tags of `repository` in the registry (none when it does not exist). */
export async function registryTags(registry: string, repository: string): Promise<string[]> {
  const response = await fetch(`http://${registry}/v2/${repository}/tags/list`);
  if (response.status === 404) return [];
  if (!response.ok) throw new Error(`GET ${repository} tags in ${registry}: HTTP ${response.status}`);
  return ((await response.json()) as { tags: string[] | null }).tags ?? [];
}

/**
 * Removes what a journey left on the Docker engine and in the registry for `repositories`:
 * run containers, images the agent pulled, and the pushed manifests.
 */
export async function removeRepositories(
  dockerHost: string,
  registry: string,
  repositories: readonly string[],
): Promise<void> {
  const prefixes = repositories.map((repository) => `${registry}/${repository}:`);
  const ours = (reference: string) => prefixes.some((prefix) => reference.startsWith(prefix));
  const docker = new Docker({ socketPath: new URL(dockerHost).pathname });
  for (const container of await docker.listContainers({ all: true })) {
    if (ours(container.Image)) await docker.getContainer(container.Id).remove({ force: true });
  }
  for (const image of await docker.listImages()) {
    for (const tag of (image.RepoTags ?? []).filter(ours))
      await docker.getImage(tag).remove({ force: true, noprune: true });
  }
  for (const repository of repositories) {
    for (const tag of await registryTags(registry, repository)) {
      const digest = await manifestDigest(registry, repository, tag);
      if (!digest) continue;
      const response = await fetch(`http://${registry}/v2/${repository}/manifests/${digest}`, {
        method: 'DELETE',
      });
      if (!response.ok && response.status !== 404) {
        throw new Error(`DELETE ${repository}@${digest} in ${registry}: HTTP ${response.status}`);
      }
    }
  }
}
