import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { PluginResolutionError } from '../errors/plugin-resolution-error.js';
import { loadStorage } from './load-storage.js';

const fixture = pathToFileURL(
  new URL('../../test/fixtures/memory-storage-plugin.ts', import.meta.url).pathname,
).href;

describe('loadStorage', () => {
  it('imports a third-party plugin named "<module>:<export>"', async () => {
    const serialized = {
      type: `${fixture}:memoryStoragePlugin`,
      flows: { etl: 'mem://etl' },
      __version__: '0.1.0',
    };
    const storage = await loadStorage(serialized);
    expect(storage.flows).toEqual({ etl: 'mem://etl' });
    expect(storage.contains('etl')).toBe(true);
    expect(storage.serialize()).toBe(serialized);
  });

  it('explains unknown names, missing exports and exports that are not plugins', async () => {
    const attempt = (type: string) =>
      loadStorage({ type, flows: {}, __version__: '0' }).catch((e: unknown) => e);
    const unknown = await attempt('FloppyDisk');
    expect(PluginResolutionError.isInstance(unknown)).toBe(true);
    expect((unknown as Error).message).toMatch(/Known storage names: Docker, Local/);
    expect(((await attempt('no-such-package-xyz:storagePlugin')) as Error).message).toMatch(
      /package no-such-package-xyz is not installed/,
    );
    expect(((await attempt(`${fixture}:missing`)) as Error).message).toMatch(/has no export named "missing"/);
    expect(((await attempt(`${fixture}:notAPlugin`)) as Error).message).toMatch(/not a storage plugin/);
    expect(((await attempt(`${fixture}:firstSpecificationPlugin`)) as Error).message).toMatch(
      /specification v1, which does not say how agents run its flows.*From v1 to v2/,
    );
    expect(((await attempt(`${fixture}:futurePlugin`)) as Error).message).toMatch(
      /specification "v3", but this @headwater\/core supports "v2"/,
    );
  });
});
