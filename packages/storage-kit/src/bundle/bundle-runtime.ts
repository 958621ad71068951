import { createHash, randomUUID } from 'node:crypto';
import { readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { VERSION } from '@headwater/core';
import type { Message } from 'esbuild';
import { FlowBundleError } from '../errors/flow-bundle-error.js';
import type { BundleFile } from './bundle-flows.js';
import { ensureDirectory } from './ensure-directory.js';
import {
  commonDirectory,
  formatMessage,
  projectCopiesPlugin,
  sharedBuildOptions,
  toProblem,
} from './esbuild-shared.js';
import { loadEsbuild } from './load-esbuild.js';

/** Directory of the runtime modules inside a bundle. */
export const RUNTIME_DIRECTORY = 'runtime';

interface CacheRecord {
  inputs: { path: string; size: number; mtimeMs: number }[];
  outputs: string[];
  warnings: string[];
}

async function unchanged(inputs: CacheRecord['inputs']): Promise<boolean> {
  const stats = await Promise.all(inputs.map((input) => stat(input.path).catch(() => undefined)));
  return stats.every(
    (s, i) => s !== undefined && s.size === inputs[i]!.size && s.mtimeMs === inputs[i]!.mtimeMs,
  );
}

async function readCache(
  directory: string,
): Promise<{ files: BundleFile[]; warnings: string[] } | undefined> {
  let record: CacheRecord;
  try {
    record = JSON.parse(await readFile(join(directory, 'record.json'), 'utf8')) as CacheRecord;
  } catch {
    return undefined;
  }
  if (!(await unchanged(record.inputs))) return undefined;
  try {
    const files = await Promise.all(
      record.outputs.map(async (path) => ({
        path,
        contents: await readFile(join(directory, 'files', path)),
      })),
    );
    return { files, warnings: record.warnings };
  } catch {
    return undefined;
  }
}

async function writeCache(
  directory: string,
  files: readonly BundleFile[],
  record: CacheRecord,
): Promise<void> {
  const staging = `${directory}.tmp-${randomUUID()}`;
  try {
    for (const file of files) {
      const path = join(staging, 'files', file.path);
      await ensureDirectory(dirname(path));
      await writeFile(path, file.contents);
    }
    await writeFile(join(staging, 'record.json'), JSON.stringify(record));
    await rm(directory, { recursive: true, force: true });
    await rename(staging, directory);
  } catch {
    // Another deploy wrote the same entry first, or the cache is not writable: the build
    // result is still good, only not cached.
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
}

/**
 * The runtime's dependencies resolve to their ES module builds first (`module` before `main`,
 * as webpack does for Node): esbuild leaves out what the runtime never imports only from ES
 * modules, and every run process evaluates what is left as it starts. `graphql`, for one, is
 * a 770 KB CommonJS build of which the client needs the parser and the printer. The user's
 * own modules keep esbuild's Node default (`bundle-flows.ts`); this build holds Headwater's
 * packages and their dependencies only, so one copy of each resolves either way.
 */
const RUNTIME_MAIN_FIELDS = ['module', 'main'];

/**
 * Bundles the Headwater packages a flow bundle imports (`runtime/<name>.mjs` → entry file)
 * into shared modules under `runtime/`, so every package sees one copy of
 * `@headwater/core`. The result depends only on those packages, not on the flow code, so
 * it is cached in `cacheDirectory` and reused while none of its input files changes.
 */
export async function bundleRuntime(options: {
  entries: Readonly<Record<string, string>>;
  nodeMajor: number;
  cacheDirectory: string | false;
  /** The flows' directories: Headwater imports resolve from there first (one core copy). */
  projectDirs: readonly string[];
  signal?: AbortSignal;
}): Promise<{ files: BundleFile[]; warnings: string[] }> {
  const esbuild = loadEsbuild();
  const entries = Object.entries(options.entries).sort(([a], [b]) => a.localeCompare(b));
  const key = createHash('sha256')
    .update(
      JSON.stringify({
        entries,
        projectDirs: options.projectDirs,
        node: options.nodeMajor,
        esbuild: esbuild.version,
        headwater: VERSION,
        mainFields: RUNTIME_MAIN_FIELDS,
      }),
    )
    .digest('hex')
    .slice(0, 32);
  const cached = options.cacheDirectory ? join(options.cacheDirectory, key) : undefined;
  if (cached) {
    const hit = await readCache(cached);
    if (hit) return hit;
  }

  const root = commonDirectory(entries.map(([, path]) => path));
  const outdir = join(root, '.headwater-runtime');
  let result: {
    outputFiles: { path: string; contents: Uint8Array }[];
    warnings: Message[];
    metafile: { inputs: Record<string, unknown> };
  };
  try {
    result = await esbuild.build({
      ...sharedBuildOptions(options.nodeMajor),
      entryPoints: entries.map(([out, path]) => ({ in: path, out })),
      absWorkingDir: root,
      outdir,
      chunkNames: `${RUNTIME_DIRECTORY}/chunk-[hash]`,
      mainFields: RUNTIME_MAIN_FIELDS,
      metafile: true,
      plugins: [projectCopiesPlugin(options.projectDirs)],
    });
  } catch (error) {
    const messages = (error as { errors?: Message[] }).errors;
    if (!Array.isArray(messages)) throw error;
    throw new FlowBundleError({ problems: messages.map(toProblem(root)), cause: error });
  }
  options.signal?.throwIfAborted();
  const files = result.outputFiles.map((file) => ({
    path: relative(outdir, file.path).split(sep).join('/'),
    contents: file.contents,
  }));
  const warnings = result.warnings.map((w) => formatMessage(root, w));
  if (cached) {
    const inputs = await Promise.all(
      Object.keys(result.metafile?.inputs ?? {})
        .filter((input) => !input.includes(':'))
        .map(async (input) => {
          const path = resolve(root, input);
          const { size, mtimeMs } = await stat(path);
          return { path, size, mtimeMs };
        }),
    );
    await writeCache(cached, files, { inputs, outputs: files.map((f) => f.path), warnings });
  }
  return { files, warnings };
}
