import { chmod } from 'node:fs/promises';
import { defineConfig } from 'tsup';
import { baseConfig } from '../../tsup.base.js';

/**
 * The `headwater` command: a bin that starts `@headwater/cli`, which it depends on like any
 * other package (nothing is inlined), so the storage plugins, the runtime and the web UI
 * resolve from the install as real packages.
 */
export default defineConfig({
  ...baseConfig,
  entry: { headwater: 'src/headwater.ts' },
  dts: false,
  banner: { js: '#!/usr/bin/env node' },
  async onSuccess() {
    await chmod('dist/headwater.js', 0o755);
  },
});
