import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CliResult, ensureBuiltCli, runCli } from './helpers/headwater-cli.js';
import { type ProjectLayout, userPackage, writeUserProject } from './helpers/user-project.js';

/**
 * The built `headwater` loading flows from users' projects as they come: every file kind in
 * an ESM project, a CommonJS one (`npm init -y`) and a directory without package.json, with
 * helpers and packages of both module systems; and the messages when loading fails.
 */
const root = mkdtempSync(join(tmpdir(), 'headwater-load-flows-'));
let home: string;

beforeAll(() => {
  ensureBuiltCli();
  home = mkdtempSync(join(tmpdir(), 'headwater-load-flows-home-'));
});
afterAll(() => {
  rmSync(root, { recursive: true, force: true });
  rmSync(home, { recursive: true, force: true });
});

const env = () => ({ HOME: home, HEADWATER__CLOUD__API: 'http://127.0.0.1:9' });
const cli = (cwd: string, ...args: string[]) => runCli(args, { cwd, env: env() });

/** Helpers and installed packages of both module systems, which every flow file imports. */
const HELPERS: Record<string, string> = {
  'lib/esm-helper.mjs': "export const esmHelper = () => 'esm';\n",
  'lib/cjs-helper.cjs': "exports.cjsHelper = () => 'cjs';\n",
  'lib/ts-helper.ts': "export const tsHelper = (): string => 'ts';\n",
  ...userPackage('user-esm-package', 'esm', "export default () => 'esmpkg';\n"),
  ...userPackage('user-cjs-package', 'commonjs', "module.exports = () => 'cjspkg';\n"),
};

/** A flow module in ESM syntax whose flow's name proves every import loaded. */
const esmFlow = (typescript: boolean) => `import { Flow, task } from '@headwater/core';
import { esmHelper } from './lib/esm-helper.mjs';
import cjsHelper from './lib/cjs-helper.cjs';
${typescript ? "import { tsHelper } from './lib/ts-helper.js';\n" : ''}import esmPackage from 'user-esm-package';
import cjsPackage from 'user-cjs-package';

const parts${typescript ? ': string[]' : ''} = [esmHelper(), cjsHelper.cjsHelper(), ${typescript ? 'tsHelper(), ' : ''}esmPackage(), cjsPackage()];
export const flow = new Flow(\`loaded-\${parts.join('-')}\`);
flow.add(task(() => parts.length, { name: 'count' }), {});
`;

/** The same in CommonJS: `require` of ES modules included. */
const commonJsFlow = `const { Flow, task } = require('@headwater/core');
const { esmHelper } = require('./lib/esm-helper.mjs');
const { cjsHelper } = require('./lib/cjs-helper.cjs');
const { tsHelper } = require('./lib/ts-helper');
const esmPackage = require('user-esm-package').default;
const cjsPackage = require('user-cjs-package');

const parts = [esmHelper(), cjsHelper(), tsHelper(), esmPackage(), cjsPackage()];
const flow = new Flow(\`loaded-\${parts.join('-')}\`);
flow.add(task(() => parts.length, { name: 'count' }), {});
module.exports = { flow };
`;

const ALL = 'loaded-esm-cjs-ts-esmpkg-cjspkg';
const NO_TS = 'loaded-esm-cjs-esmpkg-cjspkg';

const layouts: ProjectLayout[] = ['esm', 'commonjs', 'no-package-json'];
const cases = layouts.flatMap((layout) => [
  { layout, file: 'flow.ts', source: esmFlow(true), name: ALL },
  { layout, file: 'flow.mts', source: esmFlow(true), name: ALL },
  { layout, file: 'flow.cts', source: esmFlow(true), name: ALL },
  { layout, file: 'flow.mjs', source: esmFlow(false), name: NO_TS },
  layout === 'esm'
    ? { layout, file: 'flow.js', source: esmFlow(false), name: NO_TS }
    : { layout, file: 'flow.js', source: commonJsFlow, name: ALL },
]);

function expectFailure(result: CliResult, pattern: RegExp): void {
  expect(result.code, result.stderr).toBe(1);
  expect(result.stdout).toBe('');
  expect(result.stderr).toMatch(/^Error: /);
  expect(result.stderr).toMatch(pattern);
}

describe('headwater serialize loads flows from any project layout', () => {
  it.each(cases)('a $file flow in a project that is $layout', async ({ layout, file, source, name }) => {
    const directory = writeUserProject(join(root, `${layout}-${file.replace('.', '-')}`), layout, {
      ...HELPERS,
      [`flows/${file}`]: source.replaceAll("'./lib/", "'../lib/"),
    });
    const result = await cli(directory, 'serialize', `flows/${file}`);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ name, tasks: [{ name: 'count' }] });
  });

  it('an ESM-syntax .js flow in a directory without package.json (Node detects the syntax)', async () => {
    const directory = writeUserProject(join(root, 'detected-esm-js'), 'no-package-json', {
      ...HELPERS,
      'flow.js': esmFlow(false),
    });
    const result = await cli(directory, 'serialize', 'flow.js');
    expect(result.stderr).toBe('');
    expect(JSON.parse(result.stdout)).toMatchObject({ name: NO_TS });
  });
});

describe('loading a flow writes nothing outside the project and the Headwater home', () => {
  it('leaves the temporary directory alone (no tsx cache there)', async () => {
    const directory = writeUserProject(join(root, 'no-temp-writes'), 'commonjs', {
      ...HELPERS,
      'flow.ts': esmFlow(true),
    });
    const temporary = mkdtempSync(join(root, 'tmpdir-'));
    const result = await runCli(['serialize', 'flow.ts'], {
      cwd: directory,
      env: { ...env(), TMPDIR: temporary },
    });
    expect(result.code, result.stderr).toBe(0);
    expect(readdirSync(temporary)).toEqual([]);
  });
});

describe('when a flow module cannot be loaded, headwater names the real cause', () => {
  it('a syntax error in TypeScript, as file:line:column and the message', async () => {
    const directory = writeUserProject(join(root, 'syntax-ts'), 'esm', {
      'flow.ts': 'const a: number = 1;\nexport const y = {a;\n',
    });
    const result = await cli(directory, 'serialize', 'flow.ts');
    expectFailure(
      result,
      new RegExp(`syntax error at ${join(directory, 'flow.ts')}:2:20: Expected "\\}" but found ";"`),
    );
  });

  it('a syntax error in an ES module that Node parses itself, and one in a helper', async () => {
    const directory = writeUserProject(join(root, 'syntax-mjs'), 'commonjs', {
      'flow.mjs': 'const a = 1;\nexport const y = [a;\n',
      'uses-helper.ts': "import { x } from './helper';\nexport const y = x;\n",
      'helper.ts': 'export const x = (;\n',
    });
    expectFailure(
      await cli(directory, 'serialize', 'flow.mjs'),
      new RegExp(`syntax error at ${join(directory, 'flow.mjs')}:2:20: Expected "\\]" but found ";"`),
    );
    expectFailure(
      await cli(directory, 'serialize', 'uses-helper.ts'),
      new RegExp(`syntax error at ${join(directory, 'helper.ts')}:1:19: Unexpected ";"`),
    );
  });

  it('an exception thrown at import time, with its stack in the user’s files', async () => {
    const directory = writeUserProject(join(root, 'throws'), 'commonjs', {
      'flow.ts': [
        "import { Flow } from '@headwater/core';",
        "import { settings } from './settings';",
        'export const flow = new Flow(settings.name);',
        '',
      ].join('\n'),
      'settings.ts': [
        'function read(): { name: string } {',
        "  throw new Error('DATABASE_URL is not set');",
        '}',
        'export const settings = read();',
        '',
      ].join('\n'),
    });
    const result = await cli(directory, 'serialize', 'flow.ts');
    expectFailure(result, /it threw while loading: Error: DATABASE_URL is not set/);
    expect(result.stderr).toContain(`at read (${join(directory, 'settings.ts')}:2:9)`);
    expect(result.stderr).toContain(join(directory, 'flow.ts'));
    expect(result.stderr).not.toMatch(/node_modules|node:internal|headwater\.js|packages\/cli/);
  });

  it('a missing package, with the install command of the package manager the project uses', async () => {
    const source = "import pad from 'left-pad-not-installed';\nexport const x = pad;\n";
    const npm = writeUserProject(join(root, 'missing-npm'), 'esm', {
      'package-lock.json': '{"lockfileVersion": 3}\n',
      'flow.ts': source,
    });
    expectFailure(
      await cli(npm, 'serialize', 'flow.ts'),
      /needs the package left-pad-not-installed, .*Install it in your project: `npm install left-pad-not-installed`/,
    );
    const pnpm = writeUserProject(join(root, 'missing-pnpm'), 'commonjs', {
      'pnpm-lock.yaml': "lockfileVersion: '9.0'\n",
      'flows/flow.ts': source,
    });
    expectFailure(await cli(pnpm, 'serialize', 'flows/flow.ts'), /`pnpm add left-pad-not-installed`/);
  });

  it('@headwater/core missing from a project made with npm init -y: npm install, not pnpm add', async () => {
    const directory = writeUserProject(
      join(root, 'no-core'),
      'commonjs',
      { 'flow.ts': "import { Flow } from '@headwater/core';\nexport const flow = new Flow('x');\n" },
      { core: false },
    );
    const result = await cli(directory, 'serialize', 'flow.ts');
    expectFailure(
      result,
      /flow\.ts needs the package @headwater\/core, which could not be found from .*\. Install it in your project: `npm install @headwater\/core`\./,
    );
  });

  it('a helper module that does not exist', async () => {
    const directory = writeUserProject(join(root, 'missing-helper'), 'esm', {
      'flow.ts': "import { x } from './nope.js';\nexport const y = x;\n",
    });
    expectFailure(await cli(directory, 'serialize', 'flow.ts'), /imports .*nope.*, which does not exist/);
  });
});

describe('--plugin and config plugins', () => {
  const plugin = userPackage(
    'hw-test-plugin',
    'esm',
    "process.stderr.write('hw-test-plugin loaded\\n');\nexport const storagePlugin = undefined;\n",
  );

  it('loads the named packages from the project before the command runs', async () => {
    const directory = writeUserProject(join(root, 'plugin-present'), 'commonjs', plugin);
    const result = await cli(directory, 'execute', 'flow-run', '--plugin', 'hw-test-plugin');
    expect(result.stderr).toMatch(/^hw-test-plugin loaded\n/);
    // Then it goes on as usual: outside a flow run there is nothing to execute.
    expect(result.stderr).toContain('HEADWATER__CONTEXT__FLOW_RUN_ID');
  });

  it('fails at once, with the install command, when a plugin is not installed', async () => {
    const directory = writeUserProject(join(root, 'plugin-missing'), 'esm', {
      'package-lock.json': '{}\n',
      'flow.ts': "import { Flow } from '@headwater/core';\nexport const flow = new Flow('x');\n",
    });
    const deploy = await cli(
      directory,
      'deploy',
      'flow.ts',
      '--project',
      'P',
      '--plugin',
      'hw-missing-plugin',
    );
    expectFailure(
      deploy,
      /The plugin "hw-missing-plugin" needs the package hw-missing-plugin, .*`npm install hw-missing-plugin`/,
    );
    const agent = await runCli(['agent', 'start', 'process', '--token', 'hw_x'], {
      cwd: directory,
      env: { ...env(), HEADWATER__PLUGINS: 'hw-test-plugin-from-env' },
    });
    expectFailure(
      agent,
      /The plugin "hw-test-plugin-from-env" needs the package .*`npm install hw-test-plugin-from-env`/,
    );
  });

  it('documents --plugin in the help of the commands that take it', async () => {
    for (const command of [['deploy'], ['agent', 'start'], ['execute', 'flow-run']]) {
      const result = await cli(root, ...command, '--help');
      expect(result.stdout).toContain('--plugin <package>');
      expect(result.stdout).toContain('HEADWATER__PLUGINS');
    }
  });
});
