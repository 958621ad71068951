import { fileURLToPath } from 'node:url';
import type { FlowRuntime } from '../contracts/flow-runtime.js';
import { MissingPackageError } from '../errors/missing-package-error.js';
import { installCommand } from './install-command.js';
import { pluginSearchPaths } from './plugin-search-paths.js';
import { resolveModule } from './resolve-module.js';

/** The package that runs flows inside their image or directory. */
export const RUNTIME_PACKAGE = '@headwater/runtime';

/**
 * Finds the Headwater runtime to bundle with flows: `@headwater/runtime` as seen from each
 * of `from` in order (the flow's project first, then the plugin search paths: the working
 * directory and the CLI's install), else from `@headwater/core`'s own location. Fails with
 * the project's install command when it is nowhere.
 *
 * @example
 * ```ts
 * const runtime = resolveFlowRuntime([dirname(flow.sourceModule!)]);
 * await storage.build({ runtime });
 * ```
 */
export async function resolveFlowRuntime(from: readonly string[] = []): Promise<FlowRuntime> {
  const directories = [...from, ...pluginSearchPaths(), import.meta.dirname];
  const find = (specifier: string) => resolveModule(specifier, directories);
  const entry = find(RUNTIME_PACKAGE);
  const healthCheck = find(`${RUNTIME_PACKAGE}/health-check`);
  if (!entry || !healthCheck) {
    throw new MissingPackageError({
      packageName: RUNTIME_PACKAGE,
      feature: 'Bundling a flow with the Headwater runtime',
      searched: directories.slice(0, -1),
      install: await installCommand([RUNTIME_PACKAGE], from[0] ?? process.cwd()),
    });
  }
  return { entry: fileURLToPath(entry), healthCheck: fileURLToPath(healthCheck) };
}
