import type { SerializedStorage } from '../contracts/serialized.js';
import type { StorageBackendV1, StoragePluginV1 } from '../contracts/storage-backend.js';
import { PluginResolutionError } from '../errors/plugin-resolution-error.js';
import { type BuiltIn, resolveReference } from '../plugins/resolve-reference.js';

/** Storage types that resolve without a package prefix, and the package providing each. */
export const BUILT_IN_STORAGE: Readonly<Record<string, BuiltIn>> = {
  Docker: { module: '@headwater/storage-docker', export: 'storagePlugin' },
  Local: { module: '@headwater/storage-local', export: 'storagePlugin' },
};

const isPlugin = (value: unknown): value is StoragePluginV1 =>
  value !== null &&
  typeof value === 'object' &&
  typeof (value as StoragePluginV1).fromSerialized === 'function';

/**
 * Turns serialized storage metadata into a working backend: `Docker` →
 * `@headwater/storage-docker`, `Local` → `@headwater/storage-local`, anything else
 * `"<package>:<export>"`, each by dynamic import of a {@link StoragePluginV1}.
 *
 * @example
 * ```ts
 * const storage = await loadStorage(serializedFlow.storage);
 * const flow = await storage.getFlow(serializedFlow.name);
 * ```
 */
export async function loadStorage(serialized: SerializedStorage): Promise<StorageBackendV1> {
  const reference = serialized.type;
  const plugin = await resolveReference(reference, { kind: 'storage', builtIns: BUILT_IN_STORAGE });
  const known = Object.keys(BUILT_IN_STORAGE);
  if (!isPlugin(plugin)) {
    throw new PluginResolutionError({
      kind: 'storage',
      reference,
      known,
      reason: 'the export is not a storage plugin (no fromSerialized)',
    });
  }
  if (plugin.specificationVersion !== 'v1') {
    throw new PluginResolutionError({
      kind: 'storage',
      reference,
      known,
      reason: `the plugin implements specification "${String(plugin.specificationVersion)}", but this @headwater/core supports "v1"; install matching versions`,
    });
  }
  return plugin.fromSerialized(serialized);
}
