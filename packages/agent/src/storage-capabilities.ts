import {
  BUILT_IN_STORAGE,
  type FlowLaunchKind,
  resolveStoragePlugin,
  type StoragePluginV2,
} from '@headwater/core';

/** What an agent found out about one storage type. */
export type StorageTypeCheck =
  | { type: string; runnable: true }
  | { type: string; runnable: false; reason: string };

/** The storage plugins a module exports (what `--plugin <package>` offers). */
export function storagePluginsIn(module: Readonly<Record<string, unknown>>): StoragePluginV2[] {
  return Object.values(module).filter(
    (value): value is StoragePluginV2 =>
      value !== null &&
      typeof value === 'object' &&
      typeof (value as StoragePluginV2).type === 'string' &&
      typeof (value as StoragePluginV2).fromSerialized === 'function',
  );
}

/** The storage types every agent considers: the built-in ones. */
export const BUILT_IN_STORAGE_TYPES: readonly string[] = Object.keys(BUILT_IN_STORAGE);

/**
 * Whether an agent starting `launchKinds` (plus `custom` launches, which every agent runs)
 * can run flows of storage `type` here: its plugin must resolve from this agent's plugin
 * search paths and launch one of those kinds.
 *
 * @example
 * ```ts
 * await checkStorageType('Docker', ['process']);
 * // { type: 'Docker', runnable: false, reason: 'its runs are containers; this agent starts process' }
 * ```
 */
export async function checkStorageType(
  type: string,
  launchKinds: readonly FlowLaunchKind[],
): Promise<StorageTypeCheck> {
  let plugin: StoragePluginV2;
  try {
    plugin = await resolveStoragePlugin(type);
  } catch (error) {
    return { type, runnable: false, reason: error instanceof Error ? error.message : String(error) };
  }
  if (plugin.launchKind === 'custom' || launchKinds.includes(plugin.launchKind))
    return { type, runnable: true };
  return {
    type,
    runnable: false,
    reason: `its runs are started as a ${plugin.launchKind}; this agent starts ${launchKinds.join(', ')}`,
  };
}

/**
 * The storage types an agent runs, learnt as it goes: the built-in types and those of
 * plugins loaded with `--plugin` at start, then any type the API reports that a plugin on
 * this host resolves. Each type is checked once.
 */
export class StorageCapabilities {
  readonly #launchKinds: readonly FlowLaunchKind[];
  readonly #checks = new Map<string, StorageTypeCheck>();

  constructor(launchKinds: readonly FlowLaunchKind[]) {
    this.#launchKinds = launchKinds;
  }

  /** The storage types this agent runs, sorted. */
  get types(): string[] {
    return [...this.#checks.values()]
      .filter((check) => check.runnable)
      .map((check) => check.type)
      .sort();
  }

  /** Checks the types not seen before; resolves to the new checks (empty when nothing is new). */
  async learn(types: Iterable<string>): Promise<StorageTypeCheck[]> {
    const fresh = [...new Set(types)].filter((type) => !this.#checks.has(type));
    const checks = await Promise.all(fresh.map((type) => checkStorageType(type, this.#launchKinds)));
    for (const check of checks) this.#checks.set(check.type, check);
    return checks;
  }
}
