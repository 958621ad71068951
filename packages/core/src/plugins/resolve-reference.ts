import { MissingPackageError } from '../errors/missing-package-error.js';
import { PluginResolutionError } from '../errors/plugin-resolution-error.js';
import { importPackage } from './import-package.js';
import type { OriginalName } from './original-names.js';
import { loadedPluginModule } from './plugin-modules.js';

/** A built-in a short name stands for: a value in this package, or an export of another package. */
export type BuiltIn = { value: unknown } | { module: string; export: string };

/** Splits `"<package>:<export>"` at its last colon. */
export function parseReference(reference: string): { module: string; export: string } | undefined {
  const at = reference.lastIndexOf(':');
  if (at <= 0 || at === reference.length - 1) return undefined;
  return { module: reference.slice(0, at), export: reference.slice(at + 1) };
}

/** Options of {@link resolveReference}. */
export interface ResolveReferenceOptions {
  /** What is looked up, for messages: `executor`, `storage`. */
  kind: string;
  /** Every accepted short or full name, and what it stands for. */
  builtIns: Readonly<Record<string, BuiltIn>>;
  /** Directories to resolve packages from. @default the plugin search paths */
  from?: readonly string[];
  /**
   * Names of the original Python implementation and what each stands for here (one of
   * `builtIns`, or why it is not available).
   * @default {}
   */
  originalNames?: Readonly<Record<string, OriginalName>>;
}

/**
 * Resolves a name that stands for code — the one plugin resolver every Headwater package
 * uses: a built-in short name (`LocalExecutor`, `Docker`), or `"<package>:<export>"`,
 * imported from a package loaded with `loadPlugins`, else from the plugin search paths
 * (the flow's project, the working directory, the CLI's install), else from
 * `@headwater/core`'s own location. Unknown names fail with the list of known ones.
 */
export async function resolveReference(
  reference: string,
  options: ResolveReferenceOptions,
): Promise<unknown> {
  const { kind, builtIns } = options;
  const known = Object.keys(builtIns);
  const fail = (reason: string, cause?: unknown) =>
    new PluginResolutionError({ kind, reference, known, reason, cause });
  const originals = options.originalNames ?? {};
  const original = Object.hasOwn(originals, reference) ? originals[reference] : undefined;
  if (original !== undefined && 'unavailable' in original) {
    throw fail(
      `it is the original Python implementation's name, not available in Headwater: ${original.unavailable}`,
    );
  }
  const name = original?.use ?? reference;
  const target: BuiltIn | undefined = Object.hasOwn(builtIns, name) ? builtIns[name] : parseReference(name);
  if (target === undefined) throw fail('it is not a known name and not of the form "<package>:<export>"');
  if ('value' in target) return target.value;
  let module = loadedPluginModule(target.module);
  try {
    module ??= await importPackage(
      target.module,
      `The ${kind} "${reference}"`,
      options.from ? { from: options.from } : {},
    );
  } catch (error) {
    if (MissingPackageError.isInstance(error)) {
      const where = error.searched.length > 0 ? ` (looked from ${error.searched.join(', ')})` : '';
      throw fail(
        `the package ${error.packageName} is not installed${where}; install it in your project (\`${error.install}\`) or load it with --plugin`,
        error,
      );
    }
    throw fail(`importing ${target.module} failed: ${(error as Error)?.message ?? String(error)}`, error);
  }
  if (!Object.hasOwn(module, target.export) || module[target.export] === undefined) {
    throw fail(`${target.module} has no export named "${target.export}"`);
  }
  return module[target.export];
}
