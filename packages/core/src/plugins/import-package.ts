import { MissingPackageError } from '../errors/missing-package-error.js';
import { installCommand } from './install-command.js';
import { pluginSearchPaths } from './plugin-search-paths.js';
import { resolveModule } from './resolve-module.js';

const isNotFound = (error: unknown, specifier: string) => {
  const { code, message } = (error ?? {}) as { code?: unknown; message?: unknown };
  return (
    (code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND') &&
    typeof message === 'string' &&
    message.includes(specifier.startsWith('@') ? specifier : `'${specifier}`)
  );
};

/** The package name of a specifier (`@scope/name/sub` → `@scope/name`). */
export const packageNameOf = (specifier: string) =>
  specifier
    .split('/')
    .slice(0, specifier.startsWith('@') ? 2 : 1)
    .join('/');

/**
 * Imports a package (or a module URL) by name at run time — the one way Headwater packages
 * reach each other and plugins. A package name resolves from each of `from` in order
 * (default: {@link pluginSearchPaths}: the flow's project, the working directory, the
 * CLI's install), then from `@headwater/core`'s own location. A package that is found nowhere
 * becomes a {@link MissingPackageError} naming `feature` and the install command of the
 * project's package manager; an error thrown while the package loads is passed on unchanged.
 *
 * @example
 * ```ts
 * const { storagePlugin } = await importPackage('headwater-storage-cas', 'The storage "headwater-storage-cas:storagePlugin"');
 * ```
 */
export async function importPackage(
  specifier: string,
  feature: string,
  options: { from?: readonly string[] } = {},
): Promise<Record<string, unknown>> {
  const from = options.from ?? pluginSearchPaths();
  const url = /^[a-z][a-z0-9+.-]*:/i.test(specifier) ? specifier : resolveModule(specifier, from);
  try {
    return (await import(/* @vite-ignore */ url ?? specifier)) as Record<string, unknown>;
  } catch (error) {
    if (url === undefined && isNotFound(error, specifier)) {
      const packageName = packageNameOf(specifier);
      throw new MissingPackageError({
        packageName,
        feature,
        searched: from,
        install: await installCommand([packageName], from[0] ?? process.cwd()),
        cause: error,
      });
    }
    throw error;
  }
}
