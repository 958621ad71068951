import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import {
  HeadwaterError,
  headwaterHome,
  type SerializedStorage,
  type StorageBackendV2,
  type StorageBuildOptions,
  silentReporter,
  VERSION,
} from '@headwater/core';
import {
  bundleFlows,
  bundleProcessLaunch,
  checkBundleHealth,
  defineStorageOptions,
  ENTRY_FILE,
  ensureDirectory,
  FLOWS_MODULE_FILE,
  loadBundledFlow,
  type StoredFlows,
  slugify,
  storedFlows,
  writeBundle,
} from '@headwater/storage-kit';

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

/** The accepted Local storage options. */
const localStorageOptions = defineStorageOptions<LocalStorageOptions>({
  receiver: 'createLocalStorage',
  keys: { directory: true },
  hints: {
    registryUrl:
      'Local storage keeps bundles on this host and pushes nothing; registryUrl belongs to Docker storage',
  },
});

/** Local storage: flows bundled into a directory on this host, run by process agents there. */
export interface LocalStorage extends StorageBackendV2 {
  readonly name: 'Local';
  /** The absolute directory holding the bundles. */
  readonly directory: string;
  build(options?: StorageBuildOptions): Promise<LocalStorage>;
}

const TYPE = 'Local';

/** The runtime entry next to a flow location: run `node <entry> execute flow-run`. */
export function localFlowEntry(location: string): string {
  return join(dirname(location), ENTRY_FILE);
}

/**
 * Creates Local storage. `build()` bundles every added flow's module (with the
 * Headwater runtime) into `<directory>/<flow-slug>/`; a process agent on this host runs
 * `node <directory>/<flow-slug>/entry.mjs execute flow-run` (see `launch`), and `getFlow`
 * imports the bundle. A new bundle is health-checked before it replaces the old one: every
 * flow is loaded from it as a run loads it, and a flow that does not load or serializes
 * differently fails the build with `BundleHealthCheckError` (the error and stack from the
 * bundle). An unchanged bundle is neither rewritten nor checked again. Unknown options are
 * refused with the option probably meant.
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
  const { directory } = localStorageOptions.check(options);
  return localStorage(resolve(directory ?? join(headwaterHome(), 'flows')), storedFlows(TYPE));
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
  return localStorage(directory, storedFlows(TYPE, serialized.flows));
}

function localStorage(directory: string, stored: StoredFlows): LocalStorage {
  const flowDirectory = (flowName: string) =>
    join(directory, slugify(flowName) || createHash('sha256').update(flowName).digest('hex').slice(0, 16));
  const bundleDirectories = () => [...new Set(Object.values(stored.flows).map((l) => dirname(l)))];
  return {
    specificationVersion: 'v2',
    name: TYPE,
    directory,
    get flows() {
      return stored.flows;
    },
    addFlow(flow) {
      const taken = new Set(bundleDirectories());
      let target = flowDirectory(flow.name);
      for (let n = 2; taken.has(target); n++) target = `${flowDirectory(flow.name)}-${n}`;
      return stored.add(flow, join(target, FLOWS_MODULE_FILE));
    },
    contains: (flowName) => stored.contains(flowName),
    async getFlow(flowName) {
      return loadBundledFlow(stored.locationOf(flowName), flowName);
    },
    async launch(flowName) {
      const bundle = dirname(stored.locationOf(flowName));
      if (!existsSync(localFlowEntry(stored.locationOf(flowName)))) {
        throw new HeadwaterError({
          code: 'FLOW_NOT_ON_THIS_HOST',
          message: `The Local storage bundle of flow "${flowName}" is not on this machine (${bundle} does not exist). Run the agent on the machine the flow was deployed from, or deploy it again here.`,
        });
      }
      return bundleProcessLaunch(bundle);
    },
    async build(options = {}) {
      const reporter = options.reporter ?? silentReporter;
      const flows = stored.buildable();
      reporter.step('bundle', `Bundling ${flows.length} flow(s) into ${directory}`);
      try {
        // Before the bundling, so a directory that cannot be written fails the deploy at once.
        await ensureDirectory(directory);
        const bundle = await bundleFlows({
          flows,
          signal: options.signal,
          ...(options.runtime ? { runtime: options.runtime } : {}),
        });
        let written = 0;
        let checked = false;
        for (const target of bundleDirectories()) {
          const wrote = await writeBundle(target, bundle.files, {
            signal: options.signal,
            // Every flow directory holds the same bundle: one passed check holds for all of them.
            check: checked
              ? undefined
              : async (staged) => {
                  await checkBundleHealth({
                    directory: staged,
                    flows,
                    manifest: bundle.manifest,
                    reporter,
                    signal: options.signal,
                  });
                  checked = true;
                },
          });
          if (wrote) written++;
        }
        reporter.done('bundle', written === 0 ? 'unchanged' : `wrote ${bundle.files.length} file(s)`);
      } catch (error) {
        reporter.fail('bundle', error as Error);
        throw error;
      }
      return localStorage(directory, stored.copy());
    },
    serialize() {
      return { type: TYPE, directory, flows: stored.flows, __version__: VERSION };
    },
  };
}
