import { cpSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '@headwater/testing';
import { describeResult, runCommand } from './processes.js';

/** The packages a user installs, packed from the workspace as npm tarballs. */
export const PACKED_PACKAGES = [
  { name: '@headwater/core', directory: 'packages/core', entry: 'dist/index.js' },
  { name: '@headwater/environments', directory: 'packages/environments', entry: 'dist/index.js' },
  { name: '@headwater/client', directory: 'packages/client', entry: 'dist/index.js' },
  { name: '@headwater/storage-docker', directory: 'packages/storage-docker', entry: 'dist/index.js' },
  { name: '@headwater/storage-local', directory: 'packages/storage-local', entry: 'dist/index.js' },
  { name: 'headwater', directory: 'apps/headwater', entry: 'dist/headwater.js' },
] as const;

/** The files the user's project starts with: our examples and the flows of `user-project/`. */
const PROJECT_FILES = [
  { from: join(repoRoot, 'examples', 'etl', 'flows', 'etl.ts'), to: 'flows/etl.ts' },
  { from: join(repoRoot, 'examples', 'etl', 'src'), to: 'src' },
  { from: join(repoRoot, 'examples', 'fan-out', 'flows', 'fan-out.ts'), to: 'flows/fan-out.ts' },
  { from: join(repoRoot, 'packages', 'e2e', 'user-project'), to: '.' },
];

/** The built packages that are missing, as a message saying what to run; undefined when all are built. */
export function missingBuilds(): string | undefined {
  const missing = PACKED_PACKAGES.filter((pkg) => !existsSync(join(repoRoot, pkg.directory, pkg.entry)));
  if (missing.length === 0) return undefined;
  return `The end-to-end tests install our packages from npm tarballs of their dist/, and ${missing
    .map((pkg) => `${pkg.directory}/${pkg.entry}`)
    .join(', ')} ${missing.length === 1 ? 'is' : 'are'} missing: run \`pnpm build\` at ${repoRoot} first.`;
}

/** Packs every package of {@link PACKED_PACKAGES} into `destination`; resolves to name → tarball path. */
export async function packTarballs(destination: string): Promise<Record<string, string>> {
  mkdirSync(destination, { recursive: true });
  const tarballs: Record<string, string> = {};
  for (const pkg of PACKED_PACKAGES) {
    const result = await runCommand(
      'pnpm',
      ['--filter', pkg.name, 'pack', '--pack-destination', destination],
      {
        cwd: repoRoot,
        env: process.env,
        timeoutMs: 120_000,
      },
    );
    const tarball = result.stdout
      .split('\n')
      .map((line) => line.trim())
      .findLast((line) => line.endsWith('.tgz'));
    if (result.code !== 0 || !tarball || !existsSync(tarball)) {
      throw new Error(`pnpm pack of ${pkg.name} failed:\n${describeResult(result)}`);
    }
    tarballs[pkg.name] = tarball;
  }
  return tarballs;
}

/**
 * Creates the user's project in `directory` (outside the workspace): a package.json that
 * depends on the tarballs (with `overrides`, so the tarballs' own `@headwater/*` ranges
 * resolve to them too: nothing is published), the example flows, then `npm install`.
 */
export async function createUserProject(directory: string, tarballs: Record<string, string>): Promise<void> {
  mkdirSync(directory, { recursive: true });
  for (const file of PROJECT_FILES) cpSync(file.from, join(directory, file.to), { recursive: true });
  const root = readPackageJson(repoRoot);
  const cli = readPackageJson(join(repoRoot, 'apps', 'headwater'));
  const fileSpec = (name: string) => `file:${tarballs[name]}`;
  const names = Object.keys(tarballs);
  const packageJson = {
    name: 'headwater-user-project',
    private: true,
    type: 'module',
    dependencies: Object.fromEntries(names.map((name) => [name, fileSpec(name)])),
    devDependencies: {
      '@types/node': root.devDependencies['@types/node'],
      tsx: cli.dependencies.tsx,
      typescript: root.devDependencies.typescript,
    },
    overrides: Object.fromEntries(
      names.filter((name) => name.startsWith('@')).map((name) => [name, `$${name}`]),
    ),
  };
  writeFileSync(join(directory, 'package.json'), `${JSON.stringify(packageJson, null, 2)}\n`);

  // better-sqlite3 builds from source: node-gyp finds the headers here, with nothing to download.
  const nodedir = existsSync('/usr/include/node/node.h') ? { npm_config_nodedir: '/usr' } : {};
  const install = await runCommand('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline'], {
    cwd: directory,
    env: { ...process.env, ...nodedir },
    timeoutMs: 15 * 60_000,
  });
  if (install.code !== 0) throw new Error(`npm install in ${directory} failed:\n${describeResult(install)}`);
}

function readPackageJson(directory: string): {
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
} {
  return JSON.parse(readFileSync(join(directory, 'package.json'), 'utf8'));
}
