import { defineConfig } from 'tsup';
import { baseConfig } from '../../tsup.base.js';

/**
 * The bundled CLI: our workspace packages and pure-JS libraries are inlined into one
 * file; packages with native or optional parts (and tsx, whose loader hooks are files of
 * their own) stay real dependencies of this app.
 */
export default defineConfig({
  ...baseConfig,
  entry: { headwater: 'src/headwater.ts' },
  dts: false,
  noExternal: [/^@headwater\//, /^(?!(dockerode|better-sqlite3|pg|esbuild|tsx)(\/|$))/],
  external: ['dockerode', 'better-sqlite3', 'pg', 'esbuild', 'tsx'],
  banner: {
    js: "#!/usr/bin/env node\nimport { createRequire as __hwCreateRequire } from 'node:module';\nconst require = __hwCreateRequire(import.meta.url);",
  },
  onSuccess: 'chmod +x dist/headwater.js',
  esbuildOptions(options) {
    options.conditions = ['@headwater/source', 'node', 'import', 'default'];
  },
});
