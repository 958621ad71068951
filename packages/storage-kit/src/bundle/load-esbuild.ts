import { createRequire } from 'node:module';

const requireFromHere = createRequire(import.meta.url);

/**
 * esbuild, loaded when a build runs. A plain `require` through `createRequire` keeps
 * bundlers from following it, so flow bundles that import this package (to attach Local
 * storage to a flow) never carry esbuild into the image or directory.
 */
export function loadEsbuild(): typeof import('esbuild') {
  return requireFromHere('esbuild');
}
