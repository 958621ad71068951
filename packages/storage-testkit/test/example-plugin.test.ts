import { mkdtempSync, rmSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Flow, loadStorage } from '@headwater/core';
import { describeStorageBackend } from '@headwater/storage-testkit';
import {
  CONTENT_ADDRESSED_STORAGE_TYPE,
  type ContentAddressedStorage,
  createContentAddressedStorage,
} from '@headwater/storage-testkit/example-plugin';
import { afterAll, describe, expect, it } from 'vitest';

const root = mkdtempSync(join(tmpdir(), 'hw-cas-'));
const cleaned: string[] = [];
afterAll(() => rmSync(root, { recursive: true, force: true }));

describeStorageBackend({
  name: CONTENT_ADDRESSED_STORAGE_TYPE,
  create: () => createContentAddressedStorage({ root }),
  // Typed by the backend's own type: the root is there to read.
  cleanup: (built: ContentAddressedStorage) => {
    cleaned.push(built.root);
  },
});

describe('the example plugin', () => {
  it('keeps each build under its content hash, once', async () => {
    const entries = await readdir(root);
    expect(entries.length).toBeGreaterThan(0);
    for (const entry of entries) expect(entry).toMatch(/^[0-9a-f]{64}$/);
  });

  it('is loaded by "<package>:<export>" from its metadata, and says a flow must be built before it runs', async () => {
    const storage = createContentAddressedStorage({ root });
    storage.addFlow(new Flow('unbuilt', { module: import.meta.url }));
    const restored = await loadStorage(storage.serialize());
    expect(restored.flows).toEqual({ unbuilt: 'unbuilt:unbuilt' });
    await expect(restored.launch('unbuilt')).rejects.toThrow(/is not built yet/);
  });
});
