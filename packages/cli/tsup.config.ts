import { defineConfig } from 'tsup';
import { baseConfig } from '../../tsup.base.js';

/**
 * Split into chunks: a command's modules load when it runs (`await import(...)`), so
 * `headwater --help` parses commander and the command definitions only.
 */
export default defineConfig({ ...baseConfig, splitting: true });
