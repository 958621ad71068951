import { type Command, CommanderError } from 'commander';
import { buildProgram } from './build-program.js';
import { isHeadwaterError } from './cli-error.js';
import { groupsNamedIn } from './commands/groups-named-in.js';
import { ExitError } from './exit-error.js';
import { UsageError } from './usage-error.js';

/** Builds the `headwater` command tree, every command defined. */
export function createProgram(): Command {
  return buildProgram(() => true);
}

/**
 * Runs the CLI and returns the exit code; the only place that turns errors into exit codes
 * (see `headwater --help`). User errors print one line; `--verbose` adds the stack and causes.
 */
export async function main(argv: readonly string[]): Promise<number> {
  // Only the groups the command line names get their subcommands: building every command is
  // most of a short command's start.
  const program = buildProgram(groupsNamedIn(argv));
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
