import { Flow, loadStorage } from '@headwater/core';
import { describeStorageBackend } from '@headwater/storage-testkit';
import { describe, expect, it } from 'vitest';
import { createMemoryStorage, MEMORY_STORAGE_TYPE, storagePlugin } from './example-plugin/memory-storage.js';

describeStorageBackend({
  name: MEMORY_STORAGE_TYPE,
  create: () => createMemoryStorage(),
  plugin: storagePlugin,
});

describe('a third-party storage plugin', () => {
  it('is found by loadStorage through "<module>:<export>" and loads its built flows', async () => {
    const flow = new Flow('memory-example', { module: import.meta.url });
    const storage = createMemoryStorage();
    storage.addFlow(flow);
    const built = await storage.build();
    const pluginModule = new URL('./example-plugin/memory-storage.ts', import.meta.url).href;
    const loaded = await loadStorage({ ...built.serialize(), type: `${pluginModule}:storagePlugin` });
    expect(loaded.name).toBe(MEMORY_STORAGE_TYPE);
    expect(loaded.flows).toEqual(built.flows);
    expect(await loaded.getFlow('memory-example')).toBe(flow);
  });
});
