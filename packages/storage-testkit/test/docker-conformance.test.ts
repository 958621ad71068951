import { createDockerClient, createDockerStorage, type Docker } from '@headwater/storage-docker';
import { describeStorageBackend } from '@headwater/storage-testkit';
import { requireTestEnv } from '@headwater/testing';
import { describe } from 'vitest';

const setup = requireTestEnv(['dockerHost', 'baseImage']);

describe.runIf(setup.available)('Docker storage', () => {
  const env = setup.available ? setup.env : ({} as never);
  describeStorageBackend({
    name: 'Docker',
    create: () => createDockerStorage({ baseImage: env.baseImage, dockerHost: env.dockerHost }),
    buildOptions: { push: false },
    loadsFlowsAfterBuild: false,
    cleanup: async (built: Docker) => {
      if (built.image)
        await createDockerClient(env.dockerHost)
          .getImage(built.image)
          .remove({ force: true, noprune: true })
          .catch(() => {});
    },
  });
});
