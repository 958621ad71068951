import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Flow } from '@headwater/core';
import {
  BundleHealthCheckError,
  bundleFlows,
  checkBundleHealth,
  healthCheckExpectation,
  recordingReporter,
  writeBundle,
} from '@headwater/storage-kit';
import { afterAll, describe, expect, it } from 'vitest';
import { flow as plainFlow } from './fixtures/plain-flow.js';

// The stand-in runtime's health check passes when the bundle exports a Flow.
const runtime = {
  entry: join(import.meta.dirname, 'fixtures', 'runtime', 'entry.ts'),
  healthCheck: join(import.meta.dirname, 'fixtures', 'runtime', 'health-check.ts'),
};
const directories: string[] = [];
afterAll(() => Promise.all(directories.map((d) => rm(d, { recursive: true, force: true }))));

/** Bundles `flow` (its module written with `source` when given) and writes the bundle to a fresh directory. */
async function written(flow: Flow): Promise<string> {
  const bundle = await bundleFlows({ flows: [flow], runtime, runtimeCache: false });
  const directory = join(await mkdtemp(join(tmpdir(), 'hw-health-')), 'bundle');
  directories.push(join(directory, '..'));
  await writeBundle(directory, bundle.files);
  return directory;
}

async function flowModule(name: string, lines: string[]): Promise<Flow> {
  const project = await mkdtemp(join(import.meta.dirname, 'fixtures', '.health-'));
  directories.push(project);
  const module = join(project, `${name}.ts`);
  await writeFile(module, [...lines, ''].join('\n'));
  return new Flow(name, { module });
}

describe('checkBundleHealth', () => {
  it('passes a bundle whose flows load, reporting the step, and writes nothing into the bundle', async () => {
    const directory = await written(plainFlow);
    const before = (await readdir(directory, { recursive: true })).sort();
    const reporter = recordingReporter();
    await checkBundleHealth({ directory, flows: [plainFlow], reporter });
    expect(reporter.events.map((e) => `${e.method} ${e.id}`)).toEqual([
      'step health-check',
      'done health-check',
    ]);
    expect((await readdir(directory, { recursive: true })).sort()).toEqual(before);
  });

  it('fails with what the check printed on stdout and stderr, and the exit code', async () => {
    const flow = await flowModule('loud-failure', [
      "import { Flow } from '@headwater/core';",
      "console.log('reading the settings');",
      "export const flow = new Flow('loud-failure');",
      "throw new Error('no settings here');",
    ]);
    const directory = await written(flow);
    const reporter = recordingReporter();
    const error = await checkBundleHealth({ directory, flows: [flow], reporter }).catch((e: unknown) => e);
    expect(BundleHealthCheckError.isInstance(error)).toBe(true);
    const failed = error as BundleHealthCheckError;
    expect(failed).toMatchObject({ code: 'HEALTH_CHECK_FAILED', exitCode: 1, timedOut: false, directory });
    expect(failed.output).toContain('reading the settings');
    expect(failed.output).toMatch(/Error: no settings here\n\s+at /);
    expect(failed.message).toContain('"loud-failure" failed (exit code 1)');
    expect(failed.message).toContain('no settings here');
    expect(reporter.events).toContainEqual({
      method: 'log',
      id: 'health-check',
      text: 'reading the settings',
    });
    expect(reporter.events.at(-1)).toMatchObject({ method: 'fail', id: 'health-check' });
  });

  it('stops a check that runs past its timeout and says what keeps the flow from loading', async () => {
    const flow = await flowModule('waits-at-load', [
      "import { Flow } from '@headwater/core';",
      'await new Promise(() => setInterval(() => {}, 1000));',
      "export const flow = new Flow('waits-at-load');",
    ]);
    const directory = await written(flow);
    const error = await checkBundleHealth({ directory, flows: [flow], timeoutMs: 500 }).catch(
      (e: unknown) => e,
    );
    expect(BundleHealthCheckError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ timedOut: true, exitCode: null });
    expect((error as Error).message).toContain('did not finish within 0.5 s');
  });

  it('stops the check when the build is aborted', async () => {
    const flow = await flowModule('aborted-at-load', [
      "import { Flow } from '@headwater/core';",
      'await new Promise(() => setInterval(() => {}, 1000));',
      "export const flow = new Flow('aborted-at-load');",
    ]);
    const directory = await written(flow);
    const controller = new AbortController();
    setTimeout(() => controller.abort(new Error('deploy cancelled')), 200);
    const error = await checkBundleHealth({ directory, flows: [flow], signal: controller.signal }).catch(
      (e: unknown) => e,
    );
    expect((error as Error).message).toBe('deploy cancelled');
  });
});

describe('healthCheckExpectation', () => {
  it('holds each flow’s metadata without its storage, the Node major and the dependencies', () => {
    const expectation = healthCheckExpectation([plainFlow], { node_major: 22, dependencies: ['pg'] });
    expect(expectation).toEqual({
      flows: { 'plain-flow': expect.objectContaining({ name: 'plain-flow' }) },
      node_major: 22,
      dependencies: ['pg'],
    });
    expect(expectation.flows['plain-flow']).not.toHaveProperty('storage');
  });
});
