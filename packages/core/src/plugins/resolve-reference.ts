import { MissingPackageError } from '../errors/missing-package-error.js';
import { PluginResolutionError } from '../errors/plugin-resolution-error.js';
import { importPackage } from './import-package.js';

/** A built-in a short name stands for: a value in this package, or an export of another package. */
export type BuiltIn = { value: unknown } | { module: string; export: string };

/** Splits `"<package>:<export>"` at its last colon. */
export function parseReference(reference: string): { module: string; export: string } | undefined {
  const at = reference.lastIndexOf(':');
  if (at <= 0 || at === reference.length - 1) return undefined;
  return { module: reference.slice(0, at), export: reference.slice(at + 1) };
}

/**
 * Resolves a name that stands for code: a built-in short name (`LocalExecutor`, `Docker`),
 * or `"<package>:<export>"` by dynamic import. `builtIns` maps every accepted short or full
 * name to its target; unknown names fail with the list of known ones.
 */
export async function resolveReference(
  reference: string,
  { kind, builtIns }: { kind: string; builtIns: Readonly<Record<string, BuiltIn>> },
): Promise<unknown> {
  const known = Object.keys(builtIns);
  const fail = (reason: string, cause?: unknown) =>
    new PluginResolutionError({ kind, reference, known, reason, cause });
  const target: BuiltIn | undefined = Object.hasOwn(builtIns, reference)
    ? builtIns[reference]
    : parseReference(reference);
  if (target === undefined) throw fail('it is not a known name and not of the form "<package>:<export>"');
  if ('value' in target) return target.value;
  let module: Record<string, unknown>;
  try {
    module = await importPackage(target.module, `The ${kind} "${reference}"`);
  } catch (error) {
    if (MissingPackageError.isInstance(error))
      throw fail(`the package ${target.module} is not installed`, error);
    throw fail(`importing ${target.module} failed: ${(error as Error)?.message ?? String(error)}`, error);
  }
  if (!Object.hasOwn(module, target.export) || module[target.export] === undefined) {
    throw fail(`${target.module} has no export named "${target.export}"`);
  }
  return module[target.export];
}
