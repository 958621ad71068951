// An example third-party storage plugin, written the way an outside package would write it:
// only the public entries of @headwater/core and @headwater/storage-kit. It keeps each build
// in a directory named by the bundle's content hash, on the agent's host, and asks process
// agents to run flows from there.
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import {
  HeadwaterError,
  headwaterHome,
  type SerializedStorage,
  type StorageBackendV2,
  type StoragePluginV2,
  silentReporter,
  VERSION,
} from '@headwater/core';
import {
  bundleDigest,
  bundleFlows,
  bundleProcessLaunch,
  FLOWS_MODULE_FILE,
  loadBundledFlow,
  type StoredFlows,
  storedFlows,
  writeBundle,
} from '@headwater/storage-kit';

/** The serialized `type`: `"<package>:<export>"`, as for any third-party backend. */
export const CONTENT_ADDRESSED_STORAGE_TYPE = '@headwater/storage-testkit/example-plugin:storagePlugin';

/** Where a flow waits before its first build: it has no content hash yet. */
const UNBUILT = 'unbuilt:';

/**
 * Options of {@link createContentAddressedStorage}.
 *
 * @example
 * ```ts
 * createContentAddressedStorage({ root: '/srv/headwater/cas' })
 * ```
 */
export interface ContentAddressedStorageOptions {
  /**
   * The directory holding one sub-directory per build, named by the bundle's SHA-256.
   * @default `<Headwater home>/cas`
   */
  root?: string;
}

/** Content-addressed storage: every build is immutable, under `<root>/<sha256>/`. */
export interface ContentAddressedStorage extends StorageBackendV2 {
  readonly root: string;
  build(options?: Parameters<StorageBackendV2['build']>[0]): Promise<ContentAddressedStorage>;
}

/**
 * Creates content-addressed storage.
 *
 * @example
 * ```ts
 * const flow = new Flow('etl', { storage: createContentAddressedStorage({ root: '/srv/cas' }) });
 * ```
 */
export function createContentAddressedStorage(
  options: ContentAddressedStorageOptions = {},
): ContentAddressedStorage {
  return contentAddressedStorage(
    resolve(options.root ?? join(headwaterHome(), 'cas')),
    storedFlows(CONTENT_ADDRESSED_STORAGE_TYPE),
  );
}

function contentAddressedStorage(root: string, stored: StoredFlows): ContentAddressedStorage {
  const builtLocation = (flowName: string) => {
    const location = stored.locationOf(flowName);
    if (location.startsWith(UNBUILT)) {
      throw new HeadwaterError({
        code: 'FLOW_NOT_BUILT',
        message: `Flow "${flowName}" is not built yet: build the storage first (storage.build()).`,
      });
    }
    return location;
  };
  return {
    specificationVersion: 'v2',
    name: CONTENT_ADDRESSED_STORAGE_TYPE,
    root,
    get flows() {
      return stored.flows;
    },
    addFlow: (flow) => stored.add(flow, `${UNBUILT}${flow.name}`),
    contains: (flowName) => stored.contains(flowName),
    getFlow: async (flowName) => loadBundledFlow(builtLocation(flowName), flowName),
    async launch(flowName) {
      const directory = dirname(builtLocation(flowName));
      if (!existsSync(directory)) {
        throw new HeadwaterError({
          code: 'FLOW_NOT_ON_THIS_HOST',
          message: `Build ${directory} of flow "${flowName}" is not on this machine: run the agent where the flow was deployed.`,
        });
      }
      return bundleProcessLaunch(directory);
    },
    async build(options = {}) {
      const reporter = options.reporter ?? silentReporter;
      const flows = stored.buildable();
      reporter.step('bundle', `Bundling ${flows.length} flow(s)`);
      try {
        const bundle = await bundleFlows({
          flows,
          signal: options.signal,
          ...(options.runtime ? { runtime: options.runtime } : {}),
        });
        const directory = join(root, bundleDigest(bundle.files));
        const written = await writeBundle(directory, bundle.files, { signal: options.signal });
        reporter.done('bundle', written ? `wrote ${directory}` : `unchanged: ${directory}`);
        const locations = Object.fromEntries(
          flows.map((flow) => [flow.name, join(directory, FLOWS_MODULE_FILE)]),
        );
        return contentAddressedStorage(root, stored.copy(locations));
      } catch (error) {
        reporter.fail('bundle', error as Error);
        throw error;
      }
    },
    serialize: (): SerializedStorage => ({
      type: CONTENT_ADDRESSED_STORAGE_TYPE,
      root,
      flows: stored.flows,
      __version__: VERSION,
    }),
  };
}

/** What the package exports for `loadStorage`: its runs are processes on the agent's host. */
export const storagePlugin: StoragePluginV2 = {
  specificationVersion: 'v2',
  type: CONTENT_ADDRESSED_STORAGE_TYPE,
  launchKind: 'process',
  fromSerialized(serialized) {
    if (typeof serialized.root !== 'string' || serialized.root === '') {
      throw new HeadwaterError({
        code: 'WIRE_FORMAT',
        message: 'Content-addressed storage metadata has no "root".',
      });
    }
    return contentAddressedStorage(
      serialized.root,
      storedFlows(CONTENT_ADDRESSED_STORAGE_TYPE, serialized.flows),
    );
  },
};
