import type { Command } from 'commander';

/** Options every command accepts, before or after its name. */
export interface GlobalOptions {
  api: string | undefined;
  quiet: boolean;
  verbose: boolean;
  color: boolean;
  json: boolean;
}

/**
 * Adds the global options to `command` (once; `main` adds them to every command that has
 * not). The program parses options positionally (so a command's own `--version` is not the
 * program's), hence every command declares them too.
 */
export function addGlobalOptions(command: Command): Command {
  if (command.options.some((option) => option.long === '--api')) return command;
  return command
    .option(
      '--api <url>',
      'the Headwater API base URL (overrides HEADWATER__CLOUD__API, the config file and the current context); several replicas of one API: a,b or repeat it, and requests fail over between them',
      joinApis,
    )
    .option('-q, --quiet', 'print only the ids of what is listed or created, one per line, and errors')
    .option('--verbose', 'show build logs and stack traces')
    .option('--no-color', 'no colors (also: NO_COLOR=1)');
}

/** The global options as given anywhere on the command line (the command's own value wins). */
export function globalOptions(command: Command): GlobalOptions {
  const levels: Record<string, unknown>[] = [];
  for (let current: Command | null = command; current; current = current.parent) levels.push(current.opts());
  const flag = (name: string) => levels.some((options) => options[name] === true);
  return {
    api: levels.map((options) => options.api as string | undefined).find((api) => api !== undefined),
    quiet: flag('quiet'),
    verbose: flag('verbose'),
    color: !levels.some((options) => options.color === false),
    json: flag('json'),
  };
}

/** A repeated `--api` adds to the list, as `--api a,b` does. */
function joinApis(value: string, previous: string | undefined): string {
  return previous ? `${previous},${value}` : value;
}
