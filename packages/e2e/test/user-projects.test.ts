import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { repoRoot, requireTestEnv } from '@headwater/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeResult, runCommand } from './support/processes.js';
import { type HeadwaterCommand, runProjectJourney } from './support/project-journey.js';
import { missingBuilds, npmInstall, PACKED_PACKAGES, packTarballs } from './support/user-project.js';

const setup = requireTestEnv(['node22']);
const PROJECTS = join(repoRoot, 'packages', 'e2e', 'projects');
const FIXTURES = join(repoRoot, 'packages', 'e2e', 'fixtures');
const TESTKIT = {
  name: '@headwater/storage-testkit',
  directory: 'packages/storage-testkit',
  entry: 'dist/index.js',
};
const STEP = 20 * 60_000;

/**
 * Headwater as users meet it, in projects that look like theirs, not ours: every package from
 * `pnpm pack` tarballs (nothing is published; `overrides` point every Headwater name at its
 * tarball), installed outside the workspace with the users' own tools.
 */
describe.runIf(setup.available)('user projects outside the workspace, from npm tarballs', () => {
  const root = mkdtempSync(join(tmpdir(), 'headwater-projects-'));
  let tarballs: Record<string, string>;
  let casTarball: string;
  const node22 = setup.available ? setup.env.node22 : '';

  /** `overrides` (npm) or `pnpm.overrides` mapping every Headwater package to its tarball. */
  const overrides = () =>
    Object.fromEntries(Object.entries(tarballs).map(([name, path]) => [name, `file:${path}`]));
  /** Variables for a user's shell: their own Headwater home, Node first on PATH. */
  const userEnv = (home: string, nodeBin = dirname(process.execPath)) => ({
    ...process.env,
    PATH: [nodeBin, process.env.PATH].join(delimiter),
    HEADWATER__HOME_DIR: home,
    NO_COLOR: '1',
  });
  const copyProject = (name: string) => {
    const directory = join(root, name);
    cpSync(join(PROJECTS, name), directory, { recursive: true });
    return directory;
  };
  const editPackageJson = (directory: string, edit: (json: Record<string, any>) => void) => {
    const file = join(directory, 'package.json');
    const json = JSON.parse(readFileSync(file, 'utf8'));
    edit(json);
    writeFileSync(file, `${JSON.stringify(json, null, 2)}\n`);
  };

  beforeAll(async () => {
    const missing = missingBuilds([...PACKED_PACKAGES, TESTKIT]);
    if (missing) throw new Error(missing);
    tarballs = await packTarballs(join(root, 'tarballs'), [...PACKED_PACKAGES, TESTKIT]);
  }, STEP);
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it(
    'a storage plugin written outside our repository passes the testkit from its own project, and packs',
    async () => {
      const directory = join(root, 'headwater-storage-cas');
      cpSync(join(FIXTURES, 'headwater-storage-cas'), directory, { recursive: true });
      editPackageJson(directory, (json) => {
        json.dependencies = {
          '@headwater/core': `file:${tarballs['@headwater/core']}`,
          '@headwater/storage-kit': `file:${tarballs['@headwater/storage-kit']}`,
        };
        json.devDependencies = {
          '@headwater/storage-testkit': `file:${tarballs[TESTKIT.name]}`,
          vitest: '5.1.2',
        };
        json.overrides = overrides();
      });
      await npmInstall(directory);
      const env = userEnv(join(directory, '.headwater'));
      const suite = await runCommand('npx', ['vitest', 'run'], { cwd: directory, env, timeoutMs: 600_000 });
      expect(suite.code, describeResult(suite)).toBe(0);
      expect(suite.stdout).toMatch(/Tests\s+(\d+) passed \(\1\)/);
      expect(suite.stdout).toContain('runs a deployed flow to Success with a stock agent');
      const packed = await runCommand('npm', ['pack', '--pack-destination', join(root, 'tarballs')], {
        cwd: directory,
        env,
      });
      expect(packed.code, describeResult(packed)).toBe(0);
      casTarball = join(root, 'tarballs', packed.stdout.trim().split('\n').at(-1)!);
    },
    STEP,
  );

  it(
    'a CommonJS project (`npm init -y`) with the CLI installed globally: a TypeScript flow with helpers, and a flow in the plugin’s storage, run to Success by the stock process agent',
    async () => {
      expect(casTarball, 'the plugin was packed by the test before').toBeDefined();
      const global = join(root, 'global');
      mkdirSync(global);
      const cliTarballs = Object.entries(tarballs).filter(([name]) => name !== TESTKIT.name);
      await npmInstall(root, ['--global', '--prefix', global, ...cliTarballs.map(([, path]) => path)]);
      const directory = copyProject('cjs');
      const init = await runCommand('npm', ['init', '-y'], { cwd: directory, env: process.env });
      expect(init.code, describeResult(init)).toBe(0);
      editPackageJson(directory, (json) => {
        expect(json.type).toBe('commonjs');
        json.dependencies = {
          '@headwater/core': `file:${tarballs['@headwater/core']}`,
          'headwater-storage-cas': `file:${casTarball}`,
          ms: '^2.1.3',
        };
        json.overrides = overrides();
      });
      await npmInstall(directory);
      const env = userEnv(join(directory, '.headwater'));
      env.PATH = [join(global, 'bin'), env.PATH].join(delimiter);
      const cli: HeadwaterCommand = { directory, command: ['headwater'], env };
      await runProjectJourney(cli, [
        {
          file: 'flows/hello.ts',
          name: 'hello-cjs',
          deployArgs: ['--storage', 'local'],
          logLine: /Hello, CommonJS! \(after 2m\)/,
        },
        { file: 'flows/cas-etl.ts', name: 'cas-etl', logLine: /cas-etl computed 42/ },
      ]);
    },
    STEP,
  );

  it(
    'an ESM project on Node 22, with the CLI installed in it (npx headwater)',
    async () => {
      const directory = copyProject('esm');
      const env = {
        ...userEnv(join(directory, '.headwater'), dirname(node22)),
        npm_config_nodedir: dirname(dirname(node22)),
      };
      writeFileSync(
        join(directory, 'package.json'),
        `${JSON.stringify({ name: 'esm-user', private: true, type: 'module' }, null, 2)}\n`,
      );
      editPackageJson(directory, (json) => {
        json.dependencies = {
          '@headwater/core': `file:${tarballs['@headwater/core']}`,
          headwater: `file:${tarballs.headwater}`,
        };
        json.overrides = overrides();
      });
      const install = await runCommand('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline'], {
        cwd: directory,
        env,
        timeoutMs: STEP,
      });
      expect(install.code, describeResult(install)).toBe(0);
      const version = await runCommand('node', ['--version'], { cwd: directory, env });
      expect(version.stdout).toMatch(/^v22\./);
      await runProjectJourney({ directory, command: ['npx', 'headwater'], env }, [
        {
          file: 'flows/hello.ts',
          name: 'hello-esm',
          deployArgs: ['--storage', 'local'],
          logLine: /Hello, ESM!/,
        },
      ]);
    },
    STEP,
  );

  it(
    'a pnpm project (strict node_modules): flow.deploy’s packages and the runtime resolve from the project',
    async () => {
      const directory = copyProject('pnpm');
      writeFileSync(
        join(directory, 'package.json'),
        `${JSON.stringify(
          {
            name: 'pnpm-user',
            private: true,
            dependencies: {
              '@headwater/client': `file:${tarballs['@headwater/client']}`,
              '@headwater/core': `file:${tarballs['@headwater/core']}`,
              '@headwater/storage-local': `file:${tarballs['@headwater/storage-local']}`,
              headwater: `file:${tarballs.headwater}`,
            },
          },
          null,
          2,
        )}\n`,
      );
      const workspace = [
        'overrides:',
        ...Object.entries(overrides()).map(([name, spec]) => `  '${name}': '${spec}'`),
        'allowBuilds:',
        '  better-sqlite3: true',
        '  esbuild: true',
        '  cpu-features: false',
        '  ssh2: false',
        '  protobufjs: false',
        '  msgpackr-extract: false',
        '',
      ].join('\n');
      writeFileSync(join(directory, 'pnpm-workspace.yaml'), workspace);
      const env = userEnv(join(directory, '.headwater'));
      const install = await runCommand('pnpm', ['install', '--no-frozen-lockfile'], {
        cwd: directory,
        env,
        timeoutMs: STEP,
      });
      expect(install.code, describeResult(install)).toBe(0);
      const byScript = async (cli: HeadwaterCommand) => {
        // Node runs the TypeScript script itself (type stripping); flow.deploy creates the
        // configured default storage, Local here.
        const result = await runCommand('node', ['scripts/deploy.mts'], {
          cwd: directory,
          env: { ...cli.env, HEADWATER__FLOWS__DEFAULTS__STORAGE__DEFAULT_CLASS: 'Local' },
          timeoutMs: 300_000,
        });
        expect(result.code, describeResult(result)).toBe(0);
        return result.stdout.trim().split('\n').at(-1)!;
      };
      await runProjectJourney({ directory, command: ['pnpm', 'exec', 'headwater'], env }, [
        { file: 'flows/hello.mts', name: 'hello-pnpm', deploy: byScript, logLine: /Hello, pnpm!/ },
      ]);
    },
    STEP,
  );
});
