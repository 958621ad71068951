import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLocalStorage } from '@headwater/storage-local';
import { describeStorageBackend } from '@headwater/storage-testkit';
import { afterAll } from 'vitest';

const directory = mkdtempSync(join(tmpdir(), 'hw-local-conformance-'));
afterAll(() => rmSync(directory, { recursive: true, force: true }));

describeStorageBackend({
  name: 'Local',
  create: () => createLocalStorage({ directory }),
});
