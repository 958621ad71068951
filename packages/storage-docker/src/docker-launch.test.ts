import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ContainerLaunch, SerializedStorage } from '@headwater/core';
import { afterAll, describe, expect, it } from 'vitest';
import { storagePlugin } from './docker-storage-plugin.js';
import { IMAGE_FLOW_RUN_COMMAND } from './image-layout.js';

const docker = (fields: Record<string, string | null>): SerializedStorage => ({
  type: 'Docker',
  flows: { etl: '/opt/headwater/flows.mjs' },
  headwater_version: '0.1.0',
  __version__: '0.1.0',
  ...fields,
});
const launch = (fields: Record<string, string | null>) =>
  storagePlugin.fromSerialized(docker(fields)).launch('etl') as Promise<ContainerLaunch>;

const configDirectory = mkdtempSync(join(tmpdir(), 'hw-docker-config-'));
afterAll(() => rmSync(configDirectory, { recursive: true, force: true }));

describe('how agents start Docker storage runs', () => {
  it('is a container from the pushed image, running `execute flow-run`, pulled from its registry', async () => {
    const result = await launch({ registry_url: '127.0.0.1:5000/team', image_name: 'etl', image_tag: 'v1' });
    expect(storagePlugin.launchKind).toBe('container');
    expect(result).toMatchObject({
      kind: 'container',
      image: '127.0.0.1:5000/team/etl:v1',
      registry: '127.0.0.1:5000',
      command: IMAGE_FLOW_RUN_COMMAND,
    });
  });

  it('reads the registry credentials `docker login` stored', async () => {
    writeFileSync(
      join(configDirectory, 'config.json'),
      JSON.stringify({
        auths: { '127.0.0.1:5001': { auth: Buffer.from('puller:secret').toString('base64') } },
      }),
    );
    const result = await launch({ registry_url: '127.0.0.1:5001', image_name: 'etl', image_tag: 'v1' });
    expect(await result.credentials?.({ configDirectory })).toEqual({
      username: 'puller',
      password: 'secret',
    });
    const other = await launch({ registry_url: '127.0.0.1:5000', image_name: 'etl', image_tag: 'v1' });
    expect(await other.credentials?.({ configDirectory })).toBeUndefined();
  });

  it('treats a registry URL without a host as Docker Hub', async () => {
    expect((await launch({ registry_url: 'acme', image_name: 'etl', image_tag: 'v1' })).registry).toBe(
      'docker.io',
    );
  });

  it('has no registry for an image that was never pushed, and defaults the tag', async () => {
    const result = await launch({ registry_url: '', image_name: 'etl', image_tag: null });
    expect(result.image).toBe('etl:latest');
    expect(result.registry).toBeUndefined();
  });

  it('refuses storage without an image, a flow it does not hold, and images built by Python Prefect', async () => {
    await expect(launch({ registry_url: '127.0.0.1:5000', image_name: null })).rejects.toThrow(
      /names no image/,
    );
    await expect(storagePlugin.fromSerialized(docker({ image_name: 'etl' })).launch('other')).rejects.toThrow(
      /holds no flow named "other"/,
    );
    const python = storagePlugin.fromSerialized({
      type: 'Docker',
      flows: { etl: '/root/.prefect/etl.prefect' },
      image_name: 'etl',
      prefect_version: '0.6.1',
      __version__: '0.6.1',
    });
    await expect(python.launch('etl')).rejects.toThrow(/built by Prefect 0.6.1/);
  });
});
