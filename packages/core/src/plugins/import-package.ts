import { MissingPackageError } from '../errors/missing-package-error.js';

const isNotFound = (error: unknown, specifier: string) => {
  const { code, message } = (error ?? {}) as { code?: unknown; message?: unknown };
  return (
    (code === 'ERR_MODULE_NOT_FOUND' ||
      code === 'MODULE_NOT_FOUND' ||
      code === 'ERR_PACKAGE_PATH_NOT_EXPORTED') &&
    typeof message === 'string' &&
    message.includes(specifier.startsWith('@') ? specifier : `'${specifier}`)
  );
};

/**
 * Imports an optional package by name at run time (so bundlers leave it alone). A package
 * that is not installed becomes a {@link MissingPackageError} naming `feature`; an error
 * thrown while the package loads is passed on unchanged.
 */
export async function importPackage(specifier: string, feature: string): Promise<Record<string, unknown>> {
  try {
    return (await import(/* @vite-ignore */ specifier)) as Record<string, unknown>;
  } catch (error) {
    if (isNotFound(error, specifier))
      throw new MissingPackageError({ packageName: specifier, feature, cause: error });
    throw error;
  }
}
