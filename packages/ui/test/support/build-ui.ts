import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';

const packageDir = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

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
