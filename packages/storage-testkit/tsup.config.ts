import { defineConfig } from 'tsup';
import { baseConfig } from '../../tsup.base.js';

export default defineConfig({
  ...baseConfig,
  // The fixture flows stay a module of their own: storage backends bundle it by path.
  entry: ['src/index.ts', 'src/fixtures/conformance-flows.ts'],
  external: ['vitest'],
});
