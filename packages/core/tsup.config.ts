import { defineConfig } from 'tsup';
import { baseConfig } from '../../tsup.base.js';

/**
 * Two entries sharing their modules (split into chunks): the whole of core, and `base`.
 * smol-toml is inlined: config loading is on every command's path, and its ten modules cost
 * more to resolve and load one by one than their code.
 */
export default defineConfig({
  ...baseConfig,
  entry: ['src/index.ts', 'src/base.ts'],
  splitting: true,
  noExternal: ['smol-toml'],
});
