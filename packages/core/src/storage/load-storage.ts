import type { SerializedStorage } from '../contracts/serialized.js';
import {
  STORAGE_SPECIFICATION_VERSION,
  type StorageBackendV2,
  type StoragePluginV2,
} from '../contracts/storage-backend.js';
import { PluginResolutionError } from '../errors/plugin-resolution-error.js';
import { ORIGINAL_STORAGE } from '../plugins/original-names.js';
import { type BuiltIn, resolveReference } from '../plugins/resolve-reference.js';

/** Storage types that resolve without a package prefix, and the package providing each. */
export const BUILT_IN_STORAGE: Readonly<Record<string, BuiltIn>> = {
  Docker: { module: '@headwater/storage-docker', export: 'storagePlugin' },
  Local: { module: '@headwater/storage-local', export: 'storagePlugin' },
};

const LAUNCH_KINDS = ['process', 'container', 'custom'];

/** What was wrong with an export that should be a storage plugin, or undefined when it is one. */
function pluginProblem(value: unknown): string | undefined {
  const plugin = value as Partial<StoragePluginV2> | null;
  if (plugin === null || typeof plugin !== 'object' || typeof plugin.fromSerialized !== 'function') {
    return 'the export is not a storage plugin (no fromSerialized)';
  }
  const version = String(plugin.specificationVersion);
  if (version === 'v1') {
    return 'the plugin implements storage specification v1, which does not say how agents run its flows; this @headwater/core needs v2 (add `launchKind` to the plugin and `launch(flowName)` to its backends, see the @headwater/storage-testkit README, "From v1 to v2")';
  }
  if (version !== STORAGE_SPECIFICATION_VERSION) {
    return `the plugin implements storage specification "${version}", but this @headwater/core supports "${STORAGE_SPECIFICATION_VERSION}"; install matching versions of the plugin and Headwater`;
  }
  if (!LAUNCH_KINDS.includes(String(plugin.launchKind))) {
    return `its launchKind is ${JSON.stringify(plugin.launchKind)}, not one of ${LAUNCH_KINDS.join(', ')}`;
  }
  return undefined;
}

/**
 * The storage plugin for a serialized storage `type`: `Docker` → `@headwater/storage-docker`,
 * `Local` → `@headwater/storage-local`, anything else `"<package>:<export>"`, resolved from
 * `from` (default: the plugin search paths). Rejects a plugin of another specification
 * version with what to install or change.
 *
 * @example
 * ```ts
 * const plugin = await resolveStoragePlugin('headwater-storage-cas:storagePlugin');
 * plugin.launchKind; // 'process'
 * ```
 */
export async function resolveStoragePlugin(
  type: string,
  options: { from?: readonly string[] } = {},
): Promise<StoragePluginV2> {
  const plugin = await resolveReference(type, {
    kind: 'storage',
    builtIns: BUILT_IN_STORAGE,
    originalNames: ORIGINAL_STORAGE,
    ...options,
  });
  const problem = pluginProblem(plugin);
  if (problem) {
    throw new PluginResolutionError({
      kind: 'storage',
      reference: type,
      known: Object.keys(BUILT_IN_STORAGE),
      reason: problem,
    });
  }
  return plugin as StoragePluginV2;
}

/**
 * Turns serialized storage metadata into a working backend through its plugin (see
 * {@link resolveStoragePlugin}).
 *
 * @example
 * ```ts
 * const storage = await loadStorage(serializedFlow.storage);
 * const flow = await storage.getFlow(serializedFlow.name);
 * const launch = await storage.launch(serializedFlow.name);
 * ```
 */
export async function loadStorage(
  serialized: SerializedStorage,
  options: { from?: readonly string[] } = {},
): Promise<StorageBackendV2> {
  const plugin = await resolveStoragePlugin(serialized.type, options);
  return plugin.fromSerialized(serialized);
}
