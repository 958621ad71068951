import { importPackage } from './import-package.js';

const modules = new Map<string, Record<string, unknown>>();

/** A package loaded with {@link loadPlugins}, by the name it was loaded under. */
export function loadedPluginModule(specifier: string): Record<string, unknown> | undefined {
  return modules.get(specifier);
}

/**
 * Loads plugin packages named explicitly (`--plugin <package>`, config `plugins = [...]`):
 * each is imported now (from `from`, default the plugin search paths) and every
 * `"<package>:<export>"` reference to it then resolves to this copy. Resolves to the modules,
 * in order; fails at once, with the install command, when one cannot be found.
 *
 * @example
 * ```ts
 * await loadPlugins(['headwater-storage-cas']);
 * await loadStorage({ type: 'headwater-storage-cas:storagePlugin', flows, __version__ }); // no search
 * ```
 */
export async function loadPlugins(
  packages: readonly string[],
  options: { from?: readonly string[] } = {},
): Promise<Record<string, unknown>[]> {
  const loaded: Record<string, unknown>[] = [];
  for (const specifier of packages) {
    let module = modules.get(specifier);
    if (!module) {
      module = await importPackage(specifier, `The plugin "${specifier}"`, options);
      modules.set(specifier, module);
    }
    loaded.push(module);
  }
  return loaded;
}

/** Forgets every loaded plugin package (tests). */
export function resetPlugins(): void {
  modules.clear();
}
