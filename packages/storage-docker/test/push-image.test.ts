import { recordingReporter } from '@headwater/storage-kit';
import { requireTestEnv } from '@headwater/testing';
import { pack } from 'tar-stream';
import { afterAll, describe, expect, it } from 'vitest';
import { RegistryRefusedError } from '../src/errors/registry-refused-error.js';
import { RegistryUnreachableError } from '../src/errors/registry-unreachable-error.js';
import { imageReference } from '../src/registry/image-reference.js';
import { pushImage } from '../src/registry/push-image.js';
import { dockerClient, removeImages, runNamespace } from './support/docker-test-support.js';

const setup = requireTestEnv(['dockerHost', 'baseImage', 'authRegistry']);

describe.runIf(setup.available)('pushImage through the engine', () => {
  const env = setup.available ? setup.env : ({} as never);
  const docker = dockerClient(env.dockerHost);
  const namespace = runNamespace();
  const tags: string[] = [];

  afterAll(() => removeImages(docker, tags));

  async function tagged(registry: string): Promise<ReturnType<typeof imageReference>> {
    const reference = imageReference(`${registry}/${namespace}`, 'push-check');
    const tar = pack();
    tar.entry({ name: 'Dockerfile' }, `FROM ${env.baseImage}\nLABEL check=${namespace}\n`);
    tar.finalize();
    const stream = await docker.buildImage(tar as unknown as NodeJS.ReadableStream, {
      t: `${reference.name}:t`,
    });
    await new Promise((resolve, reject) =>
      docker.modem.followProgress(stream, (e, r) => (e ? reject(e) : resolve(r))),
    );
    tags.push(`${reference.name}:t`);
    return reference;
  }

  it('classifies the engine’s refusal of a push without credentials, keeping the registry’s words', async () => {
    const reference = await tagged(env.authRegistry);
    const reporter = recordingReporter();
    const error = await pushImage({ engine: docker, reference, tag: 't', auth: undefined, reporter }).catch(
      (e: unknown) => e,
    );
    expect(RegistryRefusedError.isInstance(error)).toBe(true);
    expect((error as RegistryRefusedError).registryMessage).toMatch(/auth/i);
    expect(reporter.events.at(-1)).toMatchObject({ method: 'fail', id: 'push' });
  });

  it('classifies a registry nobody listens on as unreachable', async () => {
    const reference = await tagged('127.0.0.1:5999');
    const error = await pushImage({
      engine: docker,
      reference,
      tag: 't',
      auth: undefined,
      reporter: recordingReporter(),
    }).catch((e: unknown) => e);
    expect(RegistryUnreachableError.isInstance(error)).toBe(true);
    expect((error as Error).message).toContain('connection refused');
  });
});
