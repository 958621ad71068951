import type { Options } from 'tsup';

/**
 * The build every published package shares: ESM for Node 22.12+ (the engines range), with type
 * declarations. Source maps keep stack traces pointing at `src/…ts` lines, but without the
 * sources themselves (`sourcesContent: false`): the published tarballs ship `dist/` only, and
 * the maps would otherwise carry a second copy of the code.
 */
export const baseConfig: Options = {
  entry: ['src/index.ts'],
  format: ['esm'],
  target: 'node22',
  platform: 'node',
  dts: true,
  sourcemap: true,
  clean: true,
  splitting: false,
  treeshake: true,
  esbuildOptions(options) {
    options.sourcesContent = false;
  },
};
