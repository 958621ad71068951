import { cpSync, existsSync, mkdirSync, readFileSync, realpathSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { repoRoot } from '@headwater/testing';
import { describeResult, runCommand } from './processes.js';
import { type PublishedPackage, publishedPackages } from './published-packages.js';

/**
 * The packages a user installs: the `headwater` command and every Headwater package it
 * depends on, directly or not (read from the package.json files, so a new dependency of the
 * CLI is packed without editing a list), as npm tarballs packed from the workspace.
 */
export const PACKED_PACKAGES: readonly PackedPackage[] = dependencyClosure('headwater');

function dependencyClosure(root: string): PublishedPackage[] {
  const byName = new Map(publishedPackages().map((pkg) => [pkg.name, pkg]));
  const found = new Map<string, PublishedPackage>();
  const visit = (name: string) => {
    const pkg = byName.get(name);
    if (!pkg || found.has(name)) return;
    found.set(name, pkg);
    for (const dependency of [...pkg.dependencies, ...pkg.peerDependencies]) visit(dependency);
  };
  visit(root);
  return [...found.values()];
}

/** The packages the user's project names itself; the rest come in as dependencies of these. */
const PROJECT_DEPENDENCIES = new Set([
  '@headwater/core',
  '@headwater/client',
  '@headwater/storage-docker',
  '@headwater/storage-local',
  'headwater',
]);

/** Our examples the user's project is made of, and where their files go in it. */
const EXAMPLES = [
  {
    example: 'etl',
    files: [
      { from: 'flows/etl.ts', to: 'flows/etl.ts' },
      { from: 'src', to: 'src' },
    ],
  },
  { example: 'fan-out', files: [{ from: 'flows/fan-out.ts', to: 'flows/fan-out.ts' }] },
  { example: 'scheduled-report', files: [{ from: 'flows/report.ts', to: 'flows/report.ts' }] },
];

/** A user's project with our tarballs installed. */
export interface UserProject {
  directory: string;
  /** `node_modules/.bin/headwater`. */
  bin: string;
  /**
   * The examples' npm dependencies (not ours), packed from the project's node_modules, for
   * `--dependency <name>@file:<tarball>`: images install them with no network.
   */
  dependencyTarballs: Record<string, string>;
}

/** A workspace package to pack: its name, its directory, and a file its build makes. */
export interface PackedPackage {
  name: string;
  /** Relative to the repository root. */
  directory: string;
  /** A file of its build, relative to `directory`. */
  entry: string;
}

/** The built packages that are missing, as a message saying what to run; undefined when all are built. */
export function missingBuilds(packages: readonly PackedPackage[] = PACKED_PACKAGES): string | undefined {
  const missing = packages.filter((pkg) => !existsSync(join(repoRoot, pkg.directory, pkg.entry)));
  if (missing.length === 0) return undefined;
  return `The end-to-end tests install our packages from npm tarballs of their dist/, and ${missing
    .map((pkg) => `${pkg.directory}/${pkg.entry}`)
    .join(', ')} ${missing.length === 1 ? 'is' : 'are'} missing: run \`pnpm build\` at ${repoRoot} first.`;
}

/**
 * Makes the user's project in `root/project`, outside the workspace: packs our packages
 * (`pnpm pack`, from their dist/), writes a package.json that depends on the tarballs (with
 * `overrides`, so the tarballs' own `@headwater/*` ranges resolve to them too: nothing is
 * published), copies the example flows and `user-project/` in, and runs `npm install`.
 */
export async function installUserProject(root: string): Promise<UserProject> {
  const missing = missingBuilds();
  if (missing) throw new Error(missing);
  const tarballs = await packTarballs(join(root, 'tarballs'));
  const directory = join(root, 'project');
  mkdirSync(directory, { recursive: true });

  const thirdParty: Record<string, string> = {};
  for (const { example, files } of EXAMPLES) {
    const exampleDirectory = join(repoRoot, 'examples', example);
    for (const file of files) {
      cpSync(join(exampleDirectory, file.from), join(directory, file.to), { recursive: true });
    }
    for (const [name, range] of Object.entries(readPackageJson(exampleDirectory).dependencies)) {
      if (!name.startsWith('@headwater/')) thirdParty[name] = range;
    }
  }
  cpSync(join(repoRoot, 'packages', 'e2e', 'user-project'), directory, { recursive: true });

  const rootPackage = readPackageJson(repoRoot);
  const cliPackage = readPackageJson(join(repoRoot, 'packages', 'cli'));
  const ours = Object.keys(tarballs);
  const packageJson = {
    name: 'headwater-user-project',
    private: true,
    type: 'module',
    dependencies: {
      ...thirdParty,
      ...Object.fromEntries(
        ours.filter((name) => PROJECT_DEPENDENCIES.has(name)).map((name) => [name, `file:${tarballs[name]}`]),
      ),
    },
    devDependencies: {
      // examples/scheduled-report imports `ms`, which ships no types: a strict TypeScript
      // project needs them to compile the example.
      '@types/ms': '^2.1.0',
      '@types/node': rootPackage.devDependencies['@types/node'],
      tsx: cliPackage.dependencies.tsx,
      typescript: rootPackage.devDependencies.typescript,
    },
    // Nothing is published: every Headwater package, wherever it is depended on, is its tarball.
    overrides: Object.fromEntries(
      ours.map((name) => [name, PROJECT_DEPENDENCIES.has(name) ? `$${name}` : `file:${tarballs[name]}`]),
    ),
  };
  writeFileSync(join(directory, 'package.json'), `${JSON.stringify(packageJson, null, 2)}\n`);

  await npmInstall(directory);

  const dependencyTarballs: Record<string, string> = {};
  for (const name of Object.keys(thirdParty)) {
    dependencyTarballs[name] = await pack('npm', ['pack', join(directory, 'node_modules', name)], {
      cwd: join(root, 'tarballs'),
      label: `npm pack of the installed ${name}`,
    });
  }
  return { directory, bin: join(directory, 'node_modules', '.bin', 'headwater'), dependencyTarballs };
}

/**
 * `npm install` in `directory`, as a user runs it. Where better-sqlite3 has no prebuild for the
 * platform, node-gyp compiles it against the headers of the Node that runs this test, which
 * ship beside its binary (<prefix>/include/node), so it has nothing to download.
 */
export async function npmInstall(directory: string, args: readonly string[] = []): Promise<void> {
  const prefix = dirname(dirname(realpathSync(process.execPath)));
  const nodedir = existsSync(join(prefix, 'include', 'node', 'node.h')) ? { npm_config_nodedir: prefix } : {};
  const install = await runCommand(
    'npm',
    ['install', '--no-audit', '--no-fund', '--prefer-offline', ...args],
    {
      cwd: directory,
      env: { ...process.env, ...nodedir },
      timeoutMs: 15 * 60_000,
    },
  );
  if (install.code !== 0) throw new Error(`npm install in ${directory} failed:\n${describeResult(install)}`);
}

/**
 * Packs `packages` (default {@link PACKED_PACKAGES}) with `pnpm pack`, from their dist/, into
 * `destination`; resolves to name → tarball path.
 */
export async function packTarballs(
  destination: string,
  packages: readonly PackedPackage[] = PACKED_PACKAGES,
): Promise<Record<string, string>> {
  mkdirSync(destination, { recursive: true });
  const tarballs: Record<string, string> = {};
  for (const pkg of packages) {
    tarballs[pkg.name] = await pack(
      'pnpm',
      ['--filter', pkg.name, 'pack', '--pack-destination', destination],
      {
        cwd: repoRoot,
        label: `pnpm pack of ${pkg.name}`,
      },
    );
  }
  return tarballs;
}

/** Runs a pack command; resolves to the absolute path of the tarball it made. */
async function pack(
  command: string,
  args: string[],
  options: { cwd: string; label: string },
): Promise<string> {
  const result = await runCommand(command, args, { cwd: options.cwd, env: process.env, timeoutMs: 120_000 });
  const tarball = result.stdout
    .split('\n')
    .map((line) => line.trim())
    .findLast((line) => line.endsWith('.tgz'));
  const path = tarball && resolve(options.cwd, tarball);
  if (result.code !== 0 || !path || !existsSync(path)) {
    throw new Error(`${options.label} failed:\n${describeResult(result)}`);
  }
  return path;
}

function readPackageJson(directory: string): {
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
} {
  return JSON.parse(readFileSync(join(directory, 'package.json'), 'utf8'));
}
