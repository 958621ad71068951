import { createHash, randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import {
  type Flow,
  HeadwaterError,
  headwaterHome,
  type SerializedStorage,
  type StorageBackendV1,
  type StorageBuildOptions,
  silentReporter,
  VERSION,
} from '@headwater/core';
import { bundleFlows } from './bundle/bundle-flows.js';
import { ENTRY_FILE, FLOWS_MODULE_FILE } from './bundle/flow-manifest.js';
import { loadBundledFlow } from './bundle/load-bundled-flow.js';
import { FlowNameConflictError } from './errors/flow-name-conflict-error.js';
import { slugify } from './slugify.js';

/**
 * Options of {@link createLocalStorage}.
 *
 * @example
 * ```ts
 * createLocalStorage({ directory: '/srv/headwater/flows' })
 * ```
 */
export interface LocalStorageOptions {
  /**
   * Where bundles are written: one sub-directory per flow, holding `entry.mjs`,
   * `flows.mjs` and `headwater-manifest.json`.
   * @default `<home>/flows`, the home being `HEADWATER__HOME_DIR` or `~/.headwater`
   */
  directory?: string;
}

/** Local storage: flows bundled into a directory on this host, for agents without Docker. */
export interface LocalStorage extends StorageBackendV1 {
  readonly name: 'Local';
  /** The absolute directory holding the bundles. */
  readonly directory: string;
  build(options?: StorageBuildOptions): Promise<LocalStorage>;
}

const HASH_FILE = '.headwater-bundle-hash';

/** The runtime entry next to a flow location: run `node <entry> execute flow-run`. */
export function localFlowEntry(location: string): string {
  return join(dirname(location), ENTRY_FILE);
}

/**
 * Creates Local storage. `build()` bundles every added flow's module (with the
 * Headwater runtime) into `<directory>/<flow-slug>/`; a process agent runs
 * `node <directory>/<flow-slug>/entry.mjs execute flow-run`, and `getFlow` imports the
 * bundle. An unchanged bundle is not rewritten.
 *
 * @example
 * ```ts
 * const storage = createLocalStorage({ directory: './.flows' });
 * storage.addFlow(flow);
 * const built = await storage.build();
 * const loaded = await built.getFlow('etl');
 * ```
 */
export function createLocalStorage(options: LocalStorageOptions = {}): LocalStorage {
  return localStorage(resolve(options.directory ?? join(headwaterHome(), 'flows')), {}, new Map());
}

/** Restores Local storage from its serialized form (flows included). */
export function localStorageFromSerialized(serialized: SerializedStorage): LocalStorage {
  const directory = serialized.directory;
  if (typeof directory !== 'string' || directory === '') {
    throw new HeadwaterError({
      code: 'WIRE_FORMAT',
      message: 'Local storage metadata has no "directory"; it cannot be loaded.',
    });
  }
  return localStorage(directory, { ...serialized.flows }, new Map());
}

function localStorage(
  directory: string,
  locations: Record<string, string>,
  flowObjects: Map<string, Flow>,
): LocalStorage {
  const flowDirectory = (flowName: string) =>
    join(directory, slugify(flowName) || createHash('sha256').update(flowName).digest('hex').slice(0, 16));
  const storage: LocalStorage = {
    specificationVersion: 'v1',
    name: 'Local',
    directory,
    get flows() {
      return { ...locations };
    },
    addFlow(flow) {
      if (Object.hasOwn(locations, flow.name))
        throw new FlowNameConflictError({ flowName: flow.name, storage: 'Local' });
      const taken = new Set(Object.values(locations).map((l) => dirname(l)));
      let target = flowDirectory(flow.name);
      for (let n = 2; taken.has(target); n++) target = `${flowDirectory(flow.name)}-${n}`;
      locations[flow.name] = join(target, FLOWS_MODULE_FILE);
      flowObjects.set(flow.name, flow);
      return locations[flow.name]!;
    },
    contains(flowName) {
      return Object.hasOwn(locations, flowName);
    },
    async getFlow(flowName) {
      const location = locations[flowName];
      if (location === undefined) {
        throw new HeadwaterError({
          code: 'FLOW_NOT_IN_STORAGE',
          message: `The Local storage in ${directory} holds no flow named "${flowName}" (it holds: ${Object.keys(locations).join(', ') || 'none'}).`,
        });
      }
      return loadBundledFlow(location, flowName);
    },
    async build(options = {}) {
      const reporter = options.reporter ?? silentReporter;
      const flows = [...flowObjects.values()];
      const missing = Object.keys(locations).filter((name) => !flowObjects.has(name));
      if (missing.length > 0) {
        throw new HeadwaterError({
          code: 'FLOW_NOT_IN_STORAGE',
          message: `Cannot rebuild flows restored from metadata (${missing.join(', ')}): add the Flow objects to a new storage.`,
        });
      }
      reporter.step('bundle', `Bundling ${flows.length} flow(s) into ${directory}`);
      try {
        const bundle = await bundleFlows({ flows, signal: options.signal });
        const hash = createHash('sha256');
        for (const file of [...bundle.files].sort((a, b) => a.path.localeCompare(b.path))) {
          hash.update(`${file.path}\0`).update(file.contents);
        }
        const digest = hash.digest('hex');
        const targets = [...new Set(Object.values(locations).map((l) => dirname(l)))];
        let written = 0;
        for (const target of targets) {
          if (await sameBundle(target, digest)) continue;
          await writeBundle(target, bundle.files, digest);
          written++;
        }
        reporter.done('bundle', written === 0 ? 'unchanged' : `wrote ${bundle.files.length} file(s)`);
      } catch (error) {
        reporter.fail('bundle', error as Error);
        throw error;
      }
      return localStorage(directory, { ...locations }, new Map(flowObjects));
    },
    serialize() {
      return { type: 'Local', directory, flows: { ...locations }, __version__: VERSION };
    },
  };
  return storage;
}

async function sameBundle(target: string, digest: string): Promise<boolean> {
  try {
    return (await readFile(join(target, HASH_FILE), 'utf8')).trim() === digest;
  } catch {
    return false;
  }
}

/** Writes into a fresh sibling directory, then swaps it in, so readers never see half a bundle. */
async function writeBundle(
  target: string,
  files: readonly { path: string; contents: Uint8Array }[],
  digest: string,
) {
  const staging = `${target}.tmp-${randomUUID()}`;
  for (const file of files) {
    const path = join(staging, file.path);
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, file.contents);
  }
  await writeFile(join(staging, HASH_FILE), `${digest}\n`);
  const old = `${target}.old-${randomUUID()}`;
  if (existsSync(target)) await rename(target, old);
  await rename(staging, target);
  await rm(old, { recursive: true, force: true });
}
