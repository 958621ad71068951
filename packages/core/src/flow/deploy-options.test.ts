import { describe, expect, expectTypeOf, it } from 'vitest';
import { resetConfig } from '../config/config.js';
import type { DockerDeployOptions } from '../contracts/docker-deploy-options.js';
import type { StorageBackendV2 } from '../contracts/storage-backend.js';
import { DeployOptionsError } from '../errors/deploy-options-error.js';
import { UnknownOptionsError } from '../errors/unknown-options-error.js';
import { Flow } from './flow.js';

const storage = (name: string): StorageBackendV2 => ({
  specificationVersion: 'v2',
  name,
  flows: {},
  addFlow: () => '',
  contains: () => false,
  getFlow: () => Promise.reject(new Error('unused')),
  build: () => Promise.reject(new Error('unused')),
  serialize: () => ({ type: name, flows: {}, __version__: '0' }),
  launch: () => Promise.reject(new Error('unused')),
});

describe('flow.deploy options', () => {
  it('are typed: deploy options plus those of the default storage (Docker)', () => {
    // Type-checked, never called: these calls would deploy.
    const calls = (flow: Flow) => [
      flow.deploy('P', { registryUrl: '127.0.0.1:5000', imageTag: 'v1', dependencies: ['pg'], build: false }),
      // @ts-expect-error the seed's Python spelling is not an option
      flow.deploy('P', { registry_url: '127.0.0.1:5000/x' }),
      // @ts-expect-error a misspelt option
      flow.deploy('P', { imagTag: 'v1' }),
      // @ts-expect-error the original's Python dependencies option
      flow.deploy('P', { pythonDependencies: ['pandas'] }),
      // @ts-expect-error an option of Local storage, not of the default Docker storage
      flow.deploy('P', { directory: '/srv/flows' }),
      flow.deploy<{ directory?: string }>('P', { directory: '/srv/flows', setScheduleActive: false }),
      // @ts-expect-error with Local storage's options named, Docker's are refused
      flow.deploy<{ directory?: string }>('P', { registryUrl: 'x' }),
    ];
    expectTypeOf(calls).returns.toEqualTypeOf<Promise<string>[]>();
    expectTypeOf<DockerDeployOptions>().toHaveProperty('registryUrl');
    expectTypeOf<DockerDeployOptions>().not.toHaveProperty('registry_url');
  });

  it('refuse storage options for a flow that already has storage, naming them', async () => {
    const flow = new Flow('has-storage', { storage: storage('Docker') });
    const error = await flow
      .deploy('My Project', { registryUrl: '127.0.0.1:5000', imageTag: 'v1', build: false })
      .catch((e: unknown) => e);
    expect(DeployOptionsError.isInstance(error)).toBe(true);
    expect((error as DeployOptionsError).options).toEqual(['registryUrl', 'imageTag']);
  });

  it('name a misspelt deploy option as such, before anything is resolved', async () => {
    const flow = new Flow('misspelt', { storage: storage('Local') });
    const error = await flow
      .deploy('My Project', { setScheduleActiv: false, registryUrl: 'x' } as never)
      .catch((e: unknown) => e);
    expect(UnknownOptionsError.isInstance(error)).toBe(true);
    expect((error as Error).message).toMatch(
      /flow.deploy.*"setScheduleActiv": did you mean "setScheduleActive"\?/s,
    );
    expect((error as Error).message).toMatch(/"registryUrl": the flow already has Local storage/);
  });

  it("reads the original's default storage class path as Docker, and refuses Memory storage", async () => {
    const variable = 'HEADWATER__FLOWS__DEFAULTS__STORAGE__DEFAULT_CLASS';
    const deployWith = async (defaultClass: string) => {
      process.env[variable] = defaultClass;
      resetConfig();
      try {
        return await new Flow('default-class')
          .deploy('My Project', { build: false })
          .catch((e: unknown) => e);
      } finally {
        delete process.env[variable];
        resetConfig();
      }
    };
    // Docker's package is not installed next to core: the name was read as Docker.
    expect(((await deployWith('prefect.environments.storage.Docker')) as Error).message).toMatch(
      /storage factory "prefect.environments.storage.Docker".*@headwater\/storage-docker is not installed/,
    );
    expect(((await deployWith('prefect.environments.storage.Memory')) as Error).message).toMatch(
      /not available in Headwater.*use "Local".*or "Docker"/,
    );
  });
});
