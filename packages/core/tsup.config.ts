import { defineConfig } from 'tsup';
import { baseConfig } from '../../tsup.base.js';

/** Two entries sharing their modules (split into chunks): the whole of core, and `base`. */
export default defineConfig({ ...baseConfig, entry: ['src/index.ts', 'src/base.ts'], splitting: true });
