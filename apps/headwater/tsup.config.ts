import { chmod, cp } from 'node:fs/promises';
import { defineConfig } from 'tsup';
import { baseConfig } from '../../tsup.base.js';

/**
 * The bundled CLI: our workspace packages and pure-JS libraries are inlined into
 * `dist/headwater.js` plus chunks that load on demand (the server, storage backends), so a
 * quick command does not parse everything. Packages with native or optional parts, and
 * those loaded at run time through `createRequire` or as loader hooks (tsx, tar-stream),
 * stay real dependencies of this app. The web UI's built files are copied to `dist/ui`,
 * which `server start` serves.
 */
export default defineConfig({
  ...baseConfig,
  entry: { headwater: 'src/headwater.ts' },
  dts: false,
  splitting: true,
  noExternal: [/^@headwater\//, /^(?!(dockerode|better-sqlite3|pg|esbuild|tsx|tar-stream)(\/|$))/],
  external: ['dockerode', 'better-sqlite3', 'pg', 'esbuild', 'tsx', 'tar-stream'],
  banner: {
    js: "#!/usr/bin/env node\nimport { createRequire as __hwCreateRequire } from 'node:module';\nconst require = __hwCreateRequire(import.meta.url);",
  },
  async onSuccess() {
    await chmod('dist/headwater.js', 0o755);
    const { uiAssetsDir } = await import('@headwater/ui');
    await cp(uiAssetsDir, 'dist/ui', { recursive: true });
  },
  esbuildOptions(options) {
    options.conditions = ['@headwater/source', 'node', 'import', 'default'];
  },
});
