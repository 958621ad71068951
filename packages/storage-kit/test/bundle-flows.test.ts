import { createHash } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, posix } from 'node:path';
import { Flow } from '@headwater/core';
import { bundleFlows, RUNTIME_DIRECTORY } from '@headwater/storage-local';
import { afterAll, describe, expect, it } from 'vitest';
import { flow as localFlow } from './fixtures/local-flow.js';

const directories: string[] = [];
const digest = (files: { path: string; contents: Uint8Array }[]) =>
  files.map((f) => ({ path: f.path, sha256: createHash('sha256').update(f.contents).digest('hex') }));
afterAll(() => Promise.all(directories.map((d) => rm(d, { recursive: true, force: true }))));

const text = (files: { path: string; contents: Uint8Array }[]) =>
  files
    .filter((f) => f.path.endsWith('.mjs'))
    .map((f) => Buffer.from(f.contents).toString('utf8'))
    .join('\n');

describe('bundleFlows', () => {
  it('puts exactly one copy of @headwater/core in the bundle, shared by the flow code and the runtime entry', async () => {
    const bundle = await bundleFlows({ flows: [localFlow], runtimeCache: false });
    const code = text(bundle.files);
    expect(code.match(/^var Flow = class/gm)).toHaveLength(1);
    const entry = Buffer.from(bundle.files.find((f) => f.path === 'entry.mjs')!.contents).toString('utf8');
    expect(entry).toMatch(/from "\.\/runtime\/client-[0-9a-f]{8}\.mjs"/);
    expect(bundle.files.some((f) => f.path.startsWith(`${RUNTIME_DIRECTORY}/core-`))).toBe(true);
  });

  it('writes a health check that loads the flows and @headwater/core but not the rest of the runtime', async () => {
    const bundle = await bundleFlows({ flows: [localFlow], runtimeCache: false });
    const byPath = new Map(bundle.files.map((f) => [f.path, Buffer.from(f.contents).toString('utf8')]));
    const loaded = new Set<string>();
    const load = (path: string) => {
      if (loaded.has(path)) return;
      loaded.add(path);
      const code = byPath.get(path);
      expect(code, `${path} is in the bundle`).toBeDefined();
      for (const [, specifier] of code!.matchAll(/(?:from|import) "(\.[^"]+)"/g)) {
        load(posix.join(posix.dirname(path), specifier!));
      }
    };
    load('health-check.mjs');
    expect([...loaded].some((path) => path.startsWith(`${RUNTIME_DIRECTORY}/core-`))).toBe(true);
    expect([...loaded].some((path) => /^runtime\/client-[0-9a-f]{8}\.mjs$/.test(path))).toBe(false);
    expect([...loaded].some((path) => byPath.get(path)!.includes('graphql'))).toBe(false);
    expect(byPath.get('health-check.mjs')).toMatch(
      /from "\.\/runtime\/client-health-check-[0-9a-f]{8}\.mjs"/,
    );
  });

  it('caches the runtime and reuses it while Headwater’s files are unchanged; flow code changes leave it alone', async () => {
    const cache = await mkdtemp(join(tmpdir(), 'hw-runtime-cache-'));
    const project = await mkdtemp(join(import.meta.dirname, 'fixtures', '.cache-'));
    directories.push(cache, project);
    const module = join(project, 'flow.ts');
    const write = (n: number) =>
      writeFile(
        module,
        `import { Flow } from '@headwater/core';\nexport const flow = new Flow('cached', { module: import.meta.url });\nexport const n = ${n};\n`,
      );
    await write(1);
    const flow = new Flow('cached', { module });
    const first = await bundleFlows({ flows: [flow], runtimeCache: cache });
    const [entry] = await readdir(cache);
    expect(
      JSON.parse(await readFile(join(cache, entry!, 'record.json'), 'utf8')).inputs.length,
    ).toBeGreaterThan(10);
    await write(2);
    const second = await bundleFlows({ flows: [flow], runtimeCache: cache });
    const runtime = (b: typeof first) => b.files.filter((f) => f.path.startsWith(`${RUNTIME_DIRECTORY}/`));
    expect(digest(runtime(second))).toEqual(digest(runtime(first)));
    expect(text(second.files)).toContain('n = 2');
    expect(await readdir(cache)).toEqual([entry]);
  });

  it('gives byte-identical output for identical input', async () => {
    const a = await bundleFlows({ flows: [localFlow], runtimeCache: false });
    const b = await bundleFlows({ flows: [localFlow] });
    expect(digest(b.files)).toEqual(digest(a.files));
  });
});
