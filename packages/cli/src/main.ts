import { Command, CommanderError } from 'commander';
import packageJson from '../package.json' with { type: 'json' };
import { isHeadwaterError } from './cli-error.js';
import { commandGroups } from './commands/index.js';
import { ExitError } from './exit-error.js';
import { addGlobalOptions } from './global-options.js';
import { UsageError } from './usage-error.js';

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

/** Builds the `headwater` command tree. */
export function createProgram(): Command {
  const program = new Command('headwater')
    .description('Headwater: write flows in TypeScript, deploy them as Docker images, run them with agents.')
    .version(packageJson.version, '-V, --version', 'print the Headwater version')
    .enablePositionalOptions()
    .showHelpAfterError('(add --help for usage)')
    .addHelpText('after', EXIT_CODES)
    .exitOverride();
  addGlobalOptions(program);

  for (const register of commandGroups) register(program);
  for (const command of leafCommands(program)) addGlobalOptions(command);

  return program;
}

/**
 * Runs the CLI and returns the exit code; the only place that turns errors into exit codes
 * (see `headwater --help`). User errors print one line; `--verbose` adds the stack and causes.
 */
export async function main(argv: readonly string[]): Promise<number> {
  const program = createProgram();
  const verbose = argv.includes('--verbose');
  try {
    await program.parseAsync([...argv]);
    return 0;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : 2;
    if (ExitError.isInstance(error)) return error.exitCode;
    if (verbose) {
      process.stderr.write(`${describeWithCauses(error)}\n`);
    } else if (isHeadwaterError(error)) {
      process.stderr.write(`Error: ${error.message}\n`);
    } else {
      const message = error instanceof Error ? error.message : String(error);
      process.stderr.write(`Error: ${message}\n(run with --verbose for the stack trace)\n`);
    }
    return UsageError.isInstance(error) ? 2 : 1;
  }
}

function* leafCommands(command: Command): Generator<Command> {
  for (const sub of command.commands) {
    if (sub.commands.length === 0) yield sub;
    else yield* leafCommands(sub);
  }
}

function describeWithCauses(error: unknown): string {
  const lines: string[] = [];
  let current: unknown = error;
  for (let depth = 0; current !== undefined && depth < 10; depth++) {
    const text = current instanceof Error ? (current.stack ?? current.message) : String(current);
    lines.push(depth === 0 ? text : `Caused by: ${text}`);
    current = current instanceof Error ? current.cause : undefined;
  }
  return lines.join('\n');
}
