import { fileURLToPath } from 'node:url';

/**
 * Absolute path of the built web app (`index.html` and `assets/`), for the server to serve at `/`.
 * Both `src/` and `dist/` sit one level below the package root, so the same path works from source
 * and from the published build.
 *
 * @example
 * import { uiAssetsDir } from '@headwater/ui';
 * // serve files from uiAssetsDir; answer unknown GET paths that accept HTML with its index.html
 */
export const uiAssetsDir: string = fileURLToPath(new URL('../dist/app', import.meta.url));
