import type { Options } from 'tsup';

/** The build every published package shares: ESM for Node 22.12+ (the engines range), with type declarations. */
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
};
