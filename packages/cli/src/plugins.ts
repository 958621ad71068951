import type { Command } from 'commander';
import { collect } from './parse-options.js';

/** This package's own directory: the packages the CLI depends on resolve from here, wherever it is installed. */
const installDirectory = import.meta.dirname;

/** Help text of `--plugin`, shared by the commands that load plugins. */
export const PLUGIN_HELP = `
Plugins: --plugin <package> (repeatable) loads a plugin package (a storage backend, an
executor) before the command runs, and every "<package>:<export>" reference to it uses that
copy. Packages named in config \`plugins = ["pkg", …]\` (~/.headwater/config.toml) or in
HEADWATER__PLUGINS (comma-separated) are loaded too. A package resolves from the flow file's
project first, then the working directory, then the CLI's own install; one that is not
installed fails the command at once, with the command that installs it.`;

/** Adds the repeatable `--plugin <package>` option. */
export function addPluginOption(command: Command): Command {
  return command.option(
    '--plugin <package>',
    'a plugin package to load before the command runs (repeatable; see Plugins below)',
    collect,
    [],
  );
}

/**
 * Makes the CLI's install the last place plugins and the Headwater runtime resolve from, and,
 * when `projectDirectory` is given (the flow file's directory), the first.
 */
export async function usePluginSearchPaths(projectDirectory?: string): Promise<void> {
  const { addPluginSearchPath } = await import('@headwater/core');
  addPluginSearchPath(installDirectory, { position: 'last' });
  if (projectDirectory) addPluginSearchPath(projectDirectory);
}

/**
 * Loads the plugin packages named with `--plugin` and in the config (`plugins`,
 * `HEADWATER__PLUGINS`), in that order, with core's `loadPlugins`; a missing one fails with
 * its install command. Resolves to the package names loaded.
 */
export async function loadCommandPlugins(
  named: readonly string[],
  options: { projectDirectory?: string } = {},
): Promise<string[]> {
  await usePluginSearchPaths(options.projectDirectory);
  const { getConfig, loadPlugins } = await import('@headwater/core');
  const packages = [...new Set([...named, ...getConfig().plugins])];
  await loadPlugins(packages);
  return packages;
}
