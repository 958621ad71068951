import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Flow, HeadwaterError, LOADING_FLOWS, markLoadingFlows } from '@headwater/core';
import {
  BUNDLE_DIGEST_FILE,
  BundleHealthCheckError,
  DirectoryError,
  FlowBundleError,
  recordingReporter,
} from '@headwater/storage-kit';
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

/** Writes `<name>.ts` into a fresh project under fixtures (where `@headwater/core` resolves); resolves to its path. */
async function projectModule(name: string, lines: readonly string[]): Promise<string> {
  const projectDir = await mkdtemp(join(import.meta.dirname, 'fixtures', `.${name}-`));
  directories.push(projectDir);
  const module = join(projectDir, `${name}.ts`);
  await writeFile(module, [...lines, ''].join('\n'));
  return module;
}

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
    // The API client's graphql is its parser and printer only, not the whole CommonJS build
    // (validation and execution included) that every run process would evaluate as it starts.
    expect(code).toMatch(/var Parser = class/);
    expect(code).not.toMatch(/specifiedRules|buildExecutionContext/);
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

  it('health-checks a new bundle before it replaces the old one, and reports the step', async () => {
    const directory = scratch();
    const reporter = recordingReporter();
    const storage = createLocalStorage({ directory });
    storage.addFlow(localFlow);
    await storage.build({ reporter });
    const checks = reporter.events.filter((e) => e.id === 'health-check');
    expect(checks.map((e) => e.method)).toEqual(expect.arrayContaining(['step', 'log', 'done']));
    expect(checks.some((e) => e.method === 'log' && e.text?.includes('All health checks passed'))).toBe(true);
    expect(checks.at(-1)).toMatchObject({
      method: 'done',
      text: expect.stringMatching(/match their metadata/),
    });

    const again = recordingReporter();
    const unchanged = createLocalStorage({ directory });
    unchanged.addFlow(localFlow);
    await unchanged.build({ reporter: again });
    expect(again.events.filter((e) => e.id === 'health-check')).toEqual([]);
    expect(again.events.at(-1)).toMatchObject({ method: 'done', id: 'bundle', text: 'unchanged' });
  });

  it('fails the build with the error and stack of a flow module that throws when it loads from the bundle', async () => {
    const module = await projectModule('throws-at-load', [
      "import { Flow } from '@headwater/core';",
      "export const flow = new Flow('throws-at-load');",
      "throw new Error('HW_TEST_SETTING is not set');",
    ]);
    const directory = scratch();
    const storage = createLocalStorage({ directory });
    storage.addFlow(new Flow('throws-at-load', { module }));
    const reporter = recordingReporter();
    const error = await storage.build({ reporter }).catch((e: unknown) => e);
    expect(BundleHealthCheckError.isInstance(error)).toBe(true);
    const failed = error as BundleHealthCheckError;
    expect(failed.code).toBe('HEALTH_CHECK_FAILED');
    expect(failed.flows).toEqual(['throws-at-load']);
    expect(failed.output).toContain('HW_TEST_SETTING is not set');
    expect(failed.output).toMatch(/at .*throws-at-load\.ts:3/);
    expect(failed.message).toContain('HW_TEST_SETTING is not set');
    expect(failed.message).toMatch(/Fix the flow module .* deploy again/);
    expect(reporter.events).toContainEqual(expect.objectContaining({ method: 'fail', id: 'health-check' }));
    // Never swapped in, so the next build checks it again rather than call it unchanged.
    expect(existsSync(join(directory, 'throws-at-load'))).toBe(false);
    expect(await readdir(directory)).toEqual([]);
    expect(BundleHealthCheckError.isInstance(await storage.build().catch((e: unknown) => e))).toBe(true);
  });

  it('keeps the bundle that runs when its replacement reads a file the bundle does not hold', async () => {
    const module = await projectModule('reads-file', [
      "import { Flow } from '@headwater/core';",
      "export const flow = new Flow('reads-file');",
    ]);
    const directory = scratch();
    const first = createLocalStorage({ directory });
    first.addFlow(new Flow('reads-file', { module }));
    await first.build();
    const digest = await readFile(join(directory, 'reads-file', BUNDLE_DIGEST_FILE), 'utf8');

    await writeFile(join(module, '..', 'settings.json'), '{"greeting":"hi"}\n');
    await writeFile(
      module,
      [
        "import { readFileSync } from 'node:fs';",
        "import { Flow } from '@headwater/core';",
        "export const settings = JSON.parse(readFileSync(new URL('./settings.json', import.meta.url), 'utf8'));",
        "export const flow = new Flow('reads-file');",
        '',
      ].join('\n'),
    );
    const second = createLocalStorage({ directory });
    second.addFlow(new Flow('reads-file', { module }));
    const error = await second.build().catch((e: unknown) => e);
    expect(BundleHealthCheckError.isInstance(error)).toBe(true);
    expect((error as Error).message).toMatch(/ENOENT.*settings\.json/);
    expect(await readFile(join(directory, 'reads-file', BUNDLE_DIGEST_FILE), 'utf8')).toBe(digest);
    expect((await readdir(directory)).sort()).toEqual(['reads-file']);
  });

  it('fails the build when a flow loads from the bundle with other metadata than on this host', async () => {
    const module = await projectModule('differs', [
      "import { Flow, task } from '@headwater/core';",
      "export const flow = new Flow('differs');",
      "if (!import.meta.url.endsWith('.ts')) flow.add(task(() => 1, { name: 'only-in-the-bundle' }), {});",
    ]);
    const storage = createLocalStorage({ directory: scratch() });
    storage.addFlow(new Flow('differs', { module }));
    const error = await storage.build().catch((e: unknown) => e);
    expect(BundleHealthCheckError.isInstance(error)).toBe(true);
    expect((error as BundleHealthCheckError).output).toMatch(/FAIL .*differs/);
    expect((error as BundleHealthCheckError).output).toMatch(/at tasks/);
  });

  it('reports a syntax error with file and line', async () => {
    const module = await projectModule('broken', [
      "import { Flow } from '@headwater/core';",
      "export const flow = new Flow('broken');",
      'const x = ;',
    ]);
    const storage = createLocalStorage({ directory: scratch() });
    storage.addFlow(new Flow('broken', { module }));
    const error = await storage.build().catch((e: unknown) => e);
    expect(FlowBundleError.isInstance(error)).toBe(true);
    expect((error as Error).message).toContain(`${module}:3:`);
    expect((error as FlowBundleError).problems[0]).toMatchObject({ file: module, line: 3 });
  });

  it('names a package that cannot be resolved and says what to do', async () => {
    const module = await projectModule('needs-package', [
      "import 'headwater-no-such-package';",
      'export {};',
    ]);
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
