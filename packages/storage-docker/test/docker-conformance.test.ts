import { describeStorageBackend } from '@headwater/storage-testkit';
import { requireTestEnv } from '@headwater/testing';
import { describe } from 'vitest';
import { createDockerClient, createDockerStorage, type Docker } from '../src/index.js';
import { removeImages } from './support/docker-test-support.js';

const setup = requireTestEnv(['dockerHost', 'baseImage']);

describe.runIf(setup.available)('Docker storage', () => {
  const env = setup.available ? setup.env : ({} as never);
  describeStorageBackend({
    name: 'Docker',
    create: () => createDockerStorage({ baseImage: env.baseImage, dockerHost: env.dockerHost }),
    buildOptions: { push: false },
    loadsFlowsAfterBuild: false,
    cleanup: async (built: Docker) => {
      const image = built.image;
      if (image) await removeImages(createDockerClient(env.dockerHost), [image]);
    },
  });
});
