import { HeadwaterError } from '@headwater/core';
import { Command, CommanderError } from 'commander';
import packageJson from '../package.json' with { type: 'json' };
import { commandGroups } from './commands/index.js';
import { ExitError } from './exit-error.js';

/** Builds the `headwater` command tree. */
export function createProgram(): Command {
  const program = new Command('headwater')
    .description('Headwater: write flows in TypeScript, deploy them as Docker images, run them with agents.')
    .version(packageJson.version, '-V, --version', 'print the Headwater version')
    .option('--verbose', 'show stack traces and debug output')
    .showHelpAfterError('(add --help for usage)')
    .exitOverride();

  for (const register of commandGroups) register(program);

  return program;
}

/**
 * Runs the CLI and returns the exit code; the only place that turns errors into exit codes.
 * Exit codes: 0 success, 1 the operation failed, 2 bad usage or input.
 */
export async function main(argv: readonly string[]): Promise<number> {
  const program = createProgram();
  try {
    await program.parseAsync([...argv]);
    return 0;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : 2;
    if (ExitError.isInstance(error)) return error.exitCode;
    const verbose = argv.includes('--verbose');
    if (HeadwaterError.isInstance(error) && !verbose) {
      process.stderr.write(`Error: ${error.message}\n`);
      return 1;
    }
    process.stderr.write(`${verbose && error instanceof Error ? error.stack : String(error)}\n`);
    return 1;
  }
}
