import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Flow, HeadwaterError, LOADING_FLOWS, markLoadingFlows } from '@headwater/core';
import { DirectoryError, FlowBundleError } from '@headwater/storage-kit';
import { createLocalStorage, localFlowEntry, storagePlugin } from '@headwater/storage-local';
import { afterAll, describe, expect, it } from 'vitest';
import { flow as localFlow } from './fixtures/local-flow.js';

const directories: string[] = [];
const scratch = () => {
  const dir = mkdtempSync(join(tmpdir(), 'hw-local-'));
  directories.push(dir);
  return dir;
};
afterAll(() => Promise.all(directories.map((d) => rm(d, { recursive: true, force: true }))));

describe('Local storage', () => {
  it('bundles the flow module, its helpers and the runtime into the flow directory', async () => {
    const directory = scratch();
    const storage = createLocalStorage({ directory });
    const location = storage.addFlow(localFlow);
    expect(location).toBe(join(directory, 'local-flow', 'flows.mjs'));
    const built = await storage.build();
    const files = await readdir(join(directory, 'local-flow'), { recursive: true });
    expect(files).toEqual(expect.arrayContaining(['entry.mjs', 'flows.mjs', 'headwater-manifest.json']));
    const manifest = JSON.parse(
      await readFile(join(directory, 'local-flow', 'headwater-manifest.json'), 'utf8'),
    );
    expect(manifest).toMatchObject({
      manifest_version: 1,
      flows: { 'local-flow': { module: 0 } },
      modules: ['local-flow.ts'],
    });
    expect(localFlowEntry(location)).toBe(join(directory, 'local-flow', 'entry.mjs'));
    const code = (
      await Promise.all(
        files
          .filter((f) => f.endsWith('.mjs'))
          .map((f) => readFile(join(directory, 'local-flow', f), 'utf8')),
      )
    ).join('\n');
    expect(code).toContain('toUpperCase()');
    expect(code).not.toMatch(/esbuild\/lib\/main|docker-modem/);
    const loaded = await built.getFlow('local-flow');
    expect(loaded.tasks.map((t) => t.name)).toEqual(localFlow.tasks.map((t) => t.name));
  });

  it('fails at once, naming the directory, when it cannot be created (it spun forever under /proc)', async () => {
    const storage = createLocalStorage({ directory: '/proc/nope' });
    storage.addFlow(localFlow);
    const error = await storage.build().catch((e: unknown) => e);
    expect(DirectoryError.isInstance(error)).toBe(true);
    expect((error as Error).message).toContain('Cannot create the directory /proc/nope');
  });

  it('loads a module that calls flow.deploy at its top level without deploying from the bundle', async () => {
    markLoadingFlows();
    const { flow } = await import('./fixtures/deploys-at-top-level.js').finally(() => {
      delete (globalThis as Record<symbol, unknown>)[LOADING_FLOWS];
    });
    const storage = createLocalStorage({ directory: scratch() });
    const location = storage.addFlow(flow);
    await storage.build();
    const { stdout } = await promisify(execFile)(process.execPath, [localFlowEntry(location), 'list']);
    expect(stdout).toContain('deploys-at-top-level');
  });

  it('does not rewrite an unchanged bundle, and replaces a changed one', async () => {
    const directory = scratch();
    const storage = createLocalStorage({ directory });
    storage.addFlow(localFlow);
    await storage.build();
    const hashFile = join(directory, 'local-flow', '.headwater-bundle-hash');
    const first = await readFile(hashFile, 'utf8');
    const events: string[] = [];
    await storage.build({
      reporter: {
        step() {},
        progress() {},
        log() {},
        fail() {},
        done: (_id, summary) => events.push(summary ?? ''),
      },
    });
    expect(events).toEqual(['unchanged']);
    await writeFile(join(directory, 'local-flow', 'flows.mjs'), 'tampered');
    await writeFile(hashFile, 'stale');
    await storage.build();
    expect(await readFile(hashFile, 'utf8')).toBe(first);
    expect(await readFile(join(directory, 'local-flow', 'flows.mjs'), 'utf8')).not.toBe('tampered');
  });

  it('reports a syntax error with file and line', async () => {
    const projectDir = await mkdtemp(join(import.meta.dirname, 'fixtures', '.broken-'));
    directories.push(projectDir);
    const module = join(projectDir, 'broken.ts');
    await writeFile(
      module,
      "import { Flow } from '@headwater/core';\nexport const flow = new Flow('broken');\nconst x = ;\n",
    );
    const storage = createLocalStorage({ directory: scratch() });
    storage.addFlow(new Flow('broken', { module }));
    const error = await storage.build().catch((e: unknown) => e);
    expect(FlowBundleError.isInstance(error)).toBe(true);
    expect((error as Error).message).toContain(`${module}:3:`);
    expect((error as FlowBundleError).problems[0]).toMatchObject({ file: module, line: 3 });
  });

  it('names a package that cannot be resolved and says what to do', async () => {
    const projectDir = await mkdtemp(join(import.meta.dirname, 'fixtures', '.unresolved-'));
    directories.push(projectDir);
    const module = join(projectDir, 'needs-package.ts');
    await writeFile(module, "import 'headwater-no-such-package';\nexport {};\n");
    const storage = createLocalStorage({ directory: scratch() });
    storage.addFlow(new Flow('needs-package', { module }));
    const error = await storage.build().catch((e: unknown) => e);
    expect(FlowBundleError.isInstance(error)).toBe(true);
    expect((error as Error).message).toContain('headwater-no-such-package');
    expect((error as Error).message).toContain('`dependencies`');
    expect((error as Error).message).toContain(`${module}:1:`);
  });

  it('refuses to build a flow that does not know its module', async () => {
    const storage = createLocalStorage({ directory: scratch() });
    const flow = new Flow('nowhere', { module: import.meta.url });
    Object.defineProperty(flow, 'sourceModule', { value: undefined });
    storage.addFlow(flow);
    const error = await storage.build().catch((e: unknown) => e);
    expect(HeadwaterError.isInstance(error)).toBe(true);
    expect((error as Error).message).toContain('import.meta.url');
  });

  it('restores from metadata and loads built flows from the directory', async () => {
    const directory = scratch();
    const storage = createLocalStorage({ directory });
    storage.addFlow(localFlow);
    const built = await storage.build();
    const restored = storagePlugin.fromSerialized(JSON.parse(JSON.stringify(built.serialize())));
    expect(restored.serialize()).toEqual({
      type: 'Local',
      directory,
      flows: { 'local-flow': join(directory, 'local-flow', 'flows.mjs') },
      __version__: expect.any(String),
    });
    expect((await restored.getFlow('local-flow')).name).toBe('local-flow');
  });
});
