import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, posix } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { Flow } from '@headwater/core';
import { bundleFlows, RUNTIME_DIRECTORY } from '@headwater/storage-kit';
import { afterAll, describe, expect, it } from 'vitest';
import { flow as plainFlow } from './fixtures/plain-flow.js';

const runtime = {
  entry: join(import.meta.dirname, 'fixtures', 'runtime', 'entry.ts'),
  healthCheck: join(import.meta.dirname, 'fixtures', 'runtime', 'health-check.ts'),
};
const directories: string[] = [];
const digest = (files: { path: string; contents: Uint8Array }[]) =>
  files.map((f) => ({ path: f.path, sha256: createHash('sha256').update(f.contents).digest('hex') }));
afterAll(() => Promise.all(directories.map((d) => rm(d, { recursive: true, force: true }))));

const text = (files: { path: string; contents: Uint8Array }[]) =>
  files
    .filter((f) => f.path.endsWith('.mjs'))
    .map((f) => Buffer.from(f.contents).toString('utf8'))
    .join('\n');

async function write(files: { path: string; contents: Uint8Array }[]): Promise<string> {
  const directory = await mkdtemp(join(tmpdir(), 'hw-bundle-'));
  directories.push(directory);
  for (const file of files) {
    await mkdir(dirname(join(directory, file.path)), { recursive: true });
    await writeFile(join(directory, file.path), file.contents);
  }
  return directory;
}

describe('bundleFlows', () => {
  it('puts exactly one copy of @headwater/core in the bundle, shared by the flow code and the runtime it is given', async () => {
    const bundle = await bundleFlows({ flows: [plainFlow], runtime, runtimeCache: false });
    const code = text(bundle.files);
    expect(code.match(/^var Flow = class/gm)).toHaveLength(1);
    const entry = Buffer.from(bundle.files.find((f) => f.path === 'entry.mjs')!.contents).toString('utf8');
    expect(entry).toMatch(/from "\.\/runtime\/runtime-[0-9a-f]{8}\.mjs"/);
    expect(bundle.files.some((f) => f.path.startsWith(`${RUNTIME_DIRECTORY}/core-`))).toBe(true);
    // The runtime sees the flow as a Flow of its own copy of core: one class, in a fresh process.
    const directory = await write(bundle.files);
    const { stdout } = await promisify(execFile)(process.execPath, [join(directory, 'entry.mjs'), 'list']);
    expect(stdout.trim()).toMatch(/ list plain-flow$/);
  });

  it("gives flows of CommonJS projects __filename and __dirname (the bundle file's), and leaves a module's own alone", async () => {
    const project = await mkdtemp(join(import.meta.dirname, 'fixtures', '.cjs-'));
    directories.push(project);
    await writeFile(
      join(project, 'flow.ts'),
      [
        "import { Flow } from '@headwater/core';",
        "export const flow = new Flow('named-by-filename', { module: __filename });",
        'export const where = { file: __filename, dir: __dirname };',
        '',
      ].join('\n'),
    );
    await writeFile(
      join(project, 'own.ts'),
      [
        "import { Flow } from '@headwater/core';",
        "const __filename = 'declared by the module';",
        "export const own = new Flow('own-filename', { module: import.meta.url });",
        'export const ownName = __filename;',
        '',
      ].join('\n'),
    );
    const flows = [
      { name: 'named-by-filename', sourceModule: join(project, 'flow.ts') },
      { name: 'own-filename', sourceModule: join(project, 'own.ts') },
    ];
    const directory = await write((await bundleFlows({ flows, runtime, runtimeCache: false })).files);
    const { stdout } = await promisify(execFile)(process.execPath, [join(directory, 'entry.mjs'), 'list']);
    expect(stdout).toMatch(/ list named-by-filename,own-filename$/m);
    const bundled = await import(pathToFileURL(join(directory, 'flows.mjs')).href);
    const [flowModule, ownModule] = bundled.modules;
    expect(flowModule.where).toEqual({ file: join(directory, 'flows.mjs'), dir: directory });
    expect(ownModule.ownName).toBe('declared by the module');
  });

  it('writes a health check that loads the flows and @headwater/core but not the runtime entry', async () => {
    const bundle = await bundleFlows({ flows: [plainFlow], runtime, runtimeCache: false });
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
    expect([...loaded].some((path) => /^runtime\/runtime-[0-9a-f]{8}\.mjs$/.test(path))).toBe(false);
    expect(byPath.get('health-check.mjs')).toMatch(
      /from "\.\/runtime\/runtime-health-check-[0-9a-f]{8}\.mjs"/,
    );
  });

  it('caches the runtime and reuses it while Headwater’s files are unchanged; flow code changes leave it alone', async () => {
    const cache = await mkdtemp(join(tmpdir(), 'hw-runtime-cache-'));
    const project = await mkdtemp(join(import.meta.dirname, 'fixtures', '.cache-'));
    directories.push(cache, project);
    const module = join(project, 'flow.ts');
    const writeFlow = (n: number) =>
      writeFile(
        module,
        `import { Flow } from '@headwater/core';\nexport const flow = new Flow('cached', { module: import.meta.url });\nexport const n = ${n};\n`,
      );
    await writeFlow(1);
    const flow = new Flow('cached', { module });
    const first = await bundleFlows({ flows: [flow], runtime, runtimeCache: cache });
    const [entry] = await readdir(cache);
    expect(
      JSON.parse(await readFile(join(cache, entry!, 'record.json'), 'utf8')).inputs.length,
    ).toBeGreaterThan(10);
    await writeFlow(2);
    const second = await bundleFlows({ flows: [flow], runtime, runtimeCache: cache });
    const runtimeFiles = (b: typeof first) =>
      b.files.filter((f) => f.path.startsWith(`${RUNTIME_DIRECTORY}/`));
    expect(digest(runtimeFiles(second))).toEqual(digest(runtimeFiles(first)));
    expect(text(second.files)).toContain('n = 2');
    expect(await readdir(cache)).toEqual([entry]);
  });

  it('gives byte-identical output for identical input', async () => {
    const cache = await mkdtemp(join(tmpdir(), 'hw-runtime-cache-'));
    directories.push(cache);
    const a = await bundleFlows({ flows: [plainFlow], runtime, runtimeCache: false });
    const b = await bundleFlows({ flows: [plainFlow], runtime, runtimeCache: cache });
    expect(digest(b.files)).toEqual(digest(a.files));
  });

  it('gives the runtime the project’s copy of @headwater/core, when the runtime comes from elsewhere (a global CLI)', async () => {
    const project = await mkdtemp(join(tmpdir(), 'hw-own-core-'));
    directories.push(project);
    const core = join(project, 'node_modules', '@headwater', 'core');
    await mkdir(core, { recursive: true });
    await writeFile(
      join(core, 'package.json'),
      JSON.stringify({ name: '@headwater/core', type: 'module', exports: './index.js' }),
    );
    await writeFile(
      join(core, 'index.js'),
      "export const VERSION = 'the project’s';\nexport class Flow { constructor(name) { this.name = name; } }\n",
    );
    const module = join(project, 'flow.mjs');
    await writeFile(
      module,
      "import { Flow } from '@headwater/core';\nexport const flow = new Flow('own-core');\n",
    );
    // The runtime fixture lives in this package, whose node_modules hold the workspace's core.
    const bundle = await bundleFlows({
      flows: [{ name: 'own-core', sourceModule: module }],
      runtime,
      runtimeCache: false,
    });
    const directory = await write(bundle.files);
    const { stdout } = await promisify(execFile)(process.execPath, [join(directory, 'entry.mjs'), 'list']);
    expect(stdout.trim()).toBe('the project’s list own-core');
  });

  it('without a runtime, bundles @headwater/runtime as the flows’ project sees it, or says how to install it', async () => {
    const project = await mkdtemp(join(tmpdir(), 'hw-no-runtime-'));
    directories.push(project);
    await writeFile(join(project, 'package-lock.json'), '{}');
    const module = join(project, 'flow.mjs');
    await writeFile(module, 'export const n = 1;\n');
    const error = await bundleFlows({
      flows: [{ name: 'lonely', sourceModule: module }],
      runtimeCache: false,
    }).catch((e: unknown) => e);
    expect((error as Error).message).toContain('needs the package @headwater/runtime');
    expect((error as Error).message).toContain('npm install @headwater/runtime');
  });
});
