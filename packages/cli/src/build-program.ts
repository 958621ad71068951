import { Command } from 'commander';
import packageJson from '../package.json' with { type: 'json' };
import type { CommandGroup } from './commands/command-group.js';
import { topLevelCommands } from './commands/index.js';
import { addGlobalOptions } from './global-options.js';

const EXIT_CODES = `
Exit codes:
  0    success (for \`run flow --watch\`: the run ended in Success)
  1    the operation failed (API error, build failure, a watched run that did not succeed)
  2    bad usage: unknown command or option, malformed option value, missing file
  130  interrupted (Ctrl-C)

Environment:
  HEADWATER__CLOUD__API          API base URL (default: the current context of \`headwater auth
                                 login\` / \`auth switch\`, else http://127.0.0.1:4200)
  HEADWATER__CLOUD__AUTH_TOKEN   API token (default: the one \`headwater auth login\` saved for that API)
  NO_COLOR                       no colors

Example:
  $ headwater auth login --token hw_…
  $ headwater create project "My Project"
  $ headwater deploy ./flows/etl.ts --project "My Project" --registry-url 127.0.0.1:5000
  $ headwater run flow --name etl --project "My Project" --watch`;

/**
 * The `headwater` command tree, with the subcommands of the groups `defines` picks. The other
 * groups are there by name and description only: enough for `headwater --help` and for
 * commander to tell a command from an unknown one, never enough to run.
 */
export function buildProgram(defines: (group: CommandGroup) => boolean): Command {
  const program = new Command('headwater')
    .description('Headwater: write flows in TypeScript, deploy them as Docker images, run them with agents.')
    .version(packageJson.version, '-V, --version', 'print the Headwater version')
    .enablePositionalOptions()
    .showHelpAfterError('(add --help for usage)')
    .addHelpText('after', EXIT_CODES)
    .exitOverride();
  addGlobalOptions(program);

  const undefinedGroups = new Set<Command>();
  for (const command of topLevelCommands) {
    if (typeof command === 'function') command(program);
    else if (defines(command)) command.define(groupCommand(program, command));
    else undefinedGroups.add(groupCommand(program, command));
  }
  for (const command of leafCommands(program)) {
    if (!undefinedGroups.has(command)) addGlobalOptions(command);
  }
  return program;
}

function groupCommand(program: Command, group: CommandGroup): Command {
  return program.command(group.name).description(group.description);
}

function* leafCommands(command: Command): Generator<Command> {
  for (const sub of command.commands) {
    if (sub.commands.length === 0) yield sub;
    else yield* leafCommands(sub);
  }
}
