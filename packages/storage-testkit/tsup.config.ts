import { defineConfig } from 'tsup';
import { baseConfig } from '../../tsup.base.js';

export default defineConfig({
  ...baseConfig,
  // The fixture flows stay a module of their own: storage backends bundle it by path. The
  // example plugin is a subpath of its own, loaded by its "<package>:<export>" name.
  entry: ['src/index.ts', 'src/fixtures/conformance-flows.ts', 'src/example-plugin/index.ts'],
  external: ['vitest'],
});
