import { join } from 'node:path';
import { repoRoot } from '@headwater/testing';
import { build } from 'vite';

/** The web app's package, whose own vite config (and plugins) the build uses. */
const packageDir = join(repoRoot, 'packages', 'ui');

/**
 * Builds the web app from source into `outDir`, exactly as `pnpm build` does, so the tests serve
 * the code under test rather than whatever `dist/` holds.
 */
export async function buildUi(outDir: string): Promise<string> {
  // Vite takes the build's mode from NODE_ENV when it is set, and vitest sets it to "test".
  const nodeEnv = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    await build({
      root: packageDir,
      configFile: join(packageDir, 'vite.config.ts'),
      mode: 'production',
      logLevel: 'warn',
      build: { outDir, emptyOutDir: true, sourcemap: false },
    });
  } finally {
    process.env.NODE_ENV = nodeEnv;
  }
  return outDir;
}
