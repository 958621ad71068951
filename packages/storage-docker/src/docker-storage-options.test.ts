import { Flow, UnknownOptionsError } from '@headwater/core';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { createDockerStorage } from './docker-storage.js';
import type { DockerStorageOptions } from './docker-storage-options.js';

const refusal = (work: () => unknown): UnknownOptionsError => {
  try {
    work();
  } catch (error) {
    if (UnknownOptionsError.isInstance(error)) return error;
    throw error;
  }
  throw new Error('the options were accepted');
};

describe('Docker storage options', () => {
  it.each([
    ['registry_url', 'registryUrl'],
    ['imagTag', 'imageTag'],
    ['image_name', 'imageName'],
    ['base_image', 'baseImage'],
    ['keepimage', 'keepImage'],
  ])('refuses %s, naming %s', (key, meant) => {
    const error = refusal(() => createDockerStorage({ [key]: 'x' } as DockerStorageOptions));
    expect(error.receiver).toBe('createDockerStorage');
    expect(error.unknown).toEqual([{ key, suggestion: meant }]);
    expect(error.message).toContain(`did you mean "${meant}"?`);
  });

  it("says what the original's Python options became", () => {
    const error = refusal(() =>
      createDockerStorage({
        pythonDependencies: ['pandas'],
        env_vars: { A: '1' },
        base_url: 'unix:///var/run/docker.sock',
      } as DockerStorageOptions),
    );
    expect(error.message).toMatch(/"pythonDependencies": .*use "dependencies"/);
    expect(error.message).toMatch(/"env_vars": .*"env"/);
    expect(error.message).toMatch(/"base_url": .*"dockerHost"/);
  });

  it('accepts every documented option', () => {
    const storage = createDockerStorage({
      registryUrl: '127.0.0.1:5000/x',
      imageName: 'etl',
      imageTag: 'v1',
      baseImage: 'node:22-slim',
      dependencies: ['pg@8'],
      files: { '/etc/hostname': '/opt/hostname' },
      env: { TZ: 'UTC' },
      dockerHost: 'unix:///var/run/docker.sock',
      registryAuth: { username: 'u', password: 'p' },
      push: false,
      keepImage: true,
    });
    expect(storage.serialize()).toMatchObject({ registry_url: '127.0.0.1:5000/x', image_tag: 'v1' });
  });

  it('are typed: a misspelt option is a compile error', () => {
    // @ts-expect-error the seed's Python spelling
    expect(() => createDockerStorage({ registry_url: 'x' })).toThrow(UnknownOptionsError);
    // @ts-expect-error a misspelling
    expect(() => createDockerStorage({ imagTag: 'v1' })).toThrow(/imageTag/);
    expectTypeOf<DockerStorageOptions>().toHaveProperty('docker');
  });
});

describe('flow.deploy with Docker as the default storage', () => {
  it("refuses the seed's registry_url before building anything, naming registryUrl", async () => {
    const flow = new Flow('seed-spelling');
    const error = await flow
      .deploy('My Project', { registry_url: '127.0.0.1:5000/x' } as never)
      .catch((e: unknown) => e);
    expect(UnknownOptionsError.isInstance(error)).toBe(true);
    expect((error as UnknownOptionsError).unknown).toEqual([
      { key: 'registry_url', suggestion: 'registryUrl' },
    ]);
    expect((error as Error).message).toMatch(/^flow.deploy \(.*default storage, Docker\)/);
    expect(flow.storage).toBeNull();
  });

  it('names misspelt deploy and storage options together', async () => {
    const error = await new Flow('typos')
      .deploy('My Project', { imagTag: 'v1', setScheduleActiv: false, pythonDependencies: ['x'] } as never)
      .catch((e: unknown) => e);
    const unknown = (error as UnknownOptionsError).unknown;
    expect(unknown.find((u) => u.key === 'imagTag')?.suggestion).toBe('imageTag');
    expect(unknown.find((u) => u.key === 'setScheduleActiv')?.suggestion).toBe('setScheduleActive');
    expect(unknown.find((u) => u.key === 'pythonDependencies')?.hint).toMatch(/"dependencies"/);
  });
});
