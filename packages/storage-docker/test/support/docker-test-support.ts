import { randomUUID } from 'node:crypto';
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createGzip } from 'node:zlib';
import Dockerode from 'dockerode';
import { pack } from 'tar-stream';
import { dockerConnectionOptions } from '../../src/docker-client.js';
import type { DockerEngine } from '../../src/docker-engine.js';

/**
 * A full dockerode client for `dockerHost`, for what tests do beyond Docker storage's own
 * calls (containers, image lists). It is also a {@link DockerEngine}: users pass such clients
 * through the `docker` option, so the structural type must keep accepting dockerode's.
 */
export function dockerClient(dockerHost?: string): Dockerode {
  return new Dockerode(dockerConnectionOptions(dockerHost)) satisfies DockerEngine;
}

/** Runs `cmd` in a container of `image` on the host network; resolves to its exit code and output. */
export async function runInImage(
  docker: Dockerode,
  image: string,
  cmd: string[],
): Promise<{ status: number; output: string }> {
  const container = await docker.createContainer({
    Image: image,
    Cmd: cmd,
    HostConfig: { NetworkMode: 'none' },
  });
  try {
    await container.start();
    const { StatusCode } = await container.wait();
    const logs = await container.logs({ stdout: true, stderr: true });
    return { status: StatusCode, output: demux(logs) };
  } finally {
    await container.remove({ force: true });
  }
}

/** Docker's multiplexed log stream (8-byte frame headers) as plain text. */
function demux(buffer: Buffer): string {
  const parts: Buffer[] = [];
  let offset = 0;
  while (offset + 8 <= buffer.length) {
    const size = buffer.readUInt32BE(offset + 4);
    parts.push(buffer.subarray(offset + 8, offset + 8 + size));
    offset += 8 + size;
  }
  return Buffer.concat(parts).toString('utf8');
}

/** Removes images, ignoring ones already gone. */
export async function removeImages(docker: DockerEngine, images: Iterable<string>): Promise<void> {
  for (const image of images) {
    await docker
      .getImage(image)
      .remove({ force: true, noprune: true })
      .catch(() => {});
  }
}

/** Deletes a manifest from a loopback registry (its storage has deletes enabled). */
export async function deleteFromRegistry(
  registry: string,
  repository: string,
  digest: string,
  auth?: string,
) {
  await fetch(`http://${registry}/v2/${repository}/manifests/${digest}`, {
    method: 'DELETE',
    headers: auth ? { authorization: `Basic ${Buffer.from(auth).toString('base64')}` } : {},
  });
}

/** A unique namespace for this test run, so registry state from earlier runs never matters. */
export const runNamespace = () => `headwater-test-${randomUUID().slice(0, 8)}`;

/** Writes an npm package tarball (`package/…` entries, gzipped) and resolves to its path. */
export async function npmTarball(name: string, files: Record<string, string>): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'hw-npm-'));
  const path = join(dir, `${name}-1.0.0.tgz`);
  const tar = pack();
  tar.entry(
    { name: 'package/package.json' },
    JSON.stringify({ name, version: '1.0.0', type: 'module', main: 'index.js' }),
  );
  for (const [file, content] of Object.entries(files)) tar.entry({ name: `package/${file}` }, content);
  tar.finalize();
  const chunks: Buffer[] = [];
  await new Promise<void>((resolve, reject) => {
    tar
      .pipe(createGzip())
      .on('data', (chunk: Buffer) => chunks.push(chunk))
      .on('end', () => resolve())
      .on('error', reject);
  });
  await mkdir(dir, { recursive: true });
  await writeFile(path, Buffer.concat(chunks));
  return path;
}
