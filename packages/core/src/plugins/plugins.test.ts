import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { MissingPackageError } from '../errors/missing-package-error.js';
import { PluginResolutionError } from '../errors/plugin-resolution-error.js';
import { loadStorage } from '../storage/load-storage.js';
import { importPackage } from './import-package.js';
import { installCommand } from './install-command.js';
import { nodeConditions } from './node-conditions.js';
import { loadPlugins, resetPlugins } from './plugin-modules.js';
import { addPluginSearchPath, pluginSearchPaths, resetPluginSearchPaths } from './plugin-search-paths.js';
import { resolveModule } from './resolve-module.js';

const root = mkdtempSync(join(tmpdir(), 'hw-plugins-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
afterEach(() => {
  resetPluginSearchPaths();
  resetPlugins();
});

/** A project directory with one installed ESM package exporting a storage plugin of `type`. */
function project(name: string, files: Record<string, string> = {}): string {
  const directory = join(root, name);
  const plugin = join(directory, 'node_modules', `hw-plugin-${name}`);
  mkdirSync(join(plugin, 'dist'), { recursive: true });
  writeFileSync(
    join(plugin, 'package.json'),
    JSON.stringify({
      name: `hw-plugin-${name}`,
      type: 'module',
      exports: { '.': { 'hw-test-source': './src.js', import: './dist/index.js' } },
    }),
  );
  const plugin_ = (label: string) =>
    `export const storagePlugin = { specificationVersion: 'v2', type: 'hw-plugin-${name}:storagePlugin', launchKind: 'process', label: '${label}',
      fromSerialized: (s) => ({ specificationVersion: 'v2', name: s.type, flows: s.flows, label: '${label}' }) };\n`;
  writeFileSync(join(plugin, 'dist', 'index.js'), plugin_('dist'));
  writeFileSync(join(plugin, 'src.js'), plugin_('source'));
  for (const [file, content] of Object.entries(files)) writeFileSync(join(directory, file), content);
  return directory;
}

describe('the plugin resolver', () => {
  it('resolves a package installed only in the flow’s project, which core’s own location cannot see', async () => {
    const directory = project('strict');
    expect(resolveModule('hw-plugin-strict', [root])).toBeUndefined();
    const url = resolveModule('hw-plugin-strict', [root, directory]);
    expect(fileURLToPath(url!)).toBe(join(directory, 'node_modules', 'hw-plugin-strict', 'dist', 'index.js'));
    const storage = await loadStorage(
      { type: 'hw-plugin-strict:storagePlugin', flows: { etl: 'x' }, __version__: '0' },
      { from: [directory] },
    );
    expect(storage.flows).toEqual({ etl: 'x' });
  });

  it('searches the added directories first, then the working directory, then the last ones', () => {
    addPluginSearchPath('/opt/cli', { position: 'last' });
    addPluginSearchPath('/srv/project-a');
    addPluginSearchPath('/srv/project-b');
    expect(pluginSearchPaths()).toEqual(['/srv/project-b', '/srv/project-a', process.cwd(), '/opt/cli']);
  });

  it('follows the export conditions Node was started with', () => {
    expect(nodeConditions(['--conditions=a', '-C', 'b', '--inspect'], '--conditions c -C=d')).toEqual([
      'a',
      'b',
      'c',
      'd',
    ]);
  });

  it('says which package is missing, where it looked, and how to install it with the project’s package manager', async () => {
    const pnpmProject = project('pnpm-user', { 'pnpm-lock.yaml': "lockfileVersion: '9.0'\n" });
    const error = await importPackage('hw-not-installed', 'The storage "hw-not-installed:storagePlugin"', {
      from: [pnpmProject],
    }).catch((e: unknown) => e);
    expect(MissingPackageError.isInstance(error)).toBe(true);
    expect((error as MissingPackageError).install).toBe('pnpm add hw-not-installed');
    expect((error as Error).message).toContain(pnpmProject);
    expect(await installCommand(['x'], project('npm-user', { 'package-lock.json': '{}' }))).toBe(
      'npm install x',
    );
    const viaStorage = await loadStorage(
      { type: 'hw-not-installed:storagePlugin', flows: {}, __version__: '0' },
      { from: [pnpmProject] },
    ).catch((e: unknown) => e);
    expect(PluginResolutionError.isInstance(viaStorage)).toBe(true);
    expect((viaStorage as Error).message).toMatch(
      /package hw-not-installed is not installed \(looked from .*pnpm-user\); install it in your project \(`pnpm add hw-not-installed`\)/,
    );
  });

  it('uses a plugin loaded with --plugin for every reference to it', async () => {
    const directory = project('explicit');
    const [module] = await loadPlugins(['hw-plugin-explicit'], { from: [directory] });
    expect(Object.keys(module!)).toEqual(['storagePlugin']);
    // Resolved nowhere else: the loaded copy answers.
    const storage = await loadStorage(
      { type: 'hw-plugin-explicit:storagePlugin', flows: {}, __version__: '0' },
      { from: [] },
    );
    expect((storage as unknown as { label: string }).label).toBe('dist');
    await expect(loadPlugins(['hw-plugin-nowhere'], { from: [directory] })).rejects.toThrow(
      /needs the package hw-plugin-nowhere/,
    );
  });
});
