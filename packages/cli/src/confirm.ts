import { ExitError } from './exit-error.js';
import type { Output } from './output/output.js';
import { UsageError } from './usage-error.js';

/** What {@link confirm} asks, and how the command was told to go ahead without asking. */
export interface ConfirmOptions {
  /** The question, e.g. `Delete flow "etl" of project "P"?`; ` [y/N] ` is added. */
  question: string;
  /** `--yes` was given: go ahead without asking. */
  yes: boolean | undefined;
  /** The option that skips the question, for the error without a terminal. @default '--yes' */
  flag?: string;
  /** Said when the answer is no, e.g. `Nothing deleted.` */
  declined: string;
  /** Where the answer is read. @default process.stdin */
  stdin?: NodeJS.ReadStream;
}

/**
 * Asks a yes/no question on a terminal before a destructive change. `--yes` skips it; without
 * a terminal (a script, CI) and without `--yes` the command is refused (exit 2) with the hint,
 * so nothing is changed by a script that did not say so. Any answer but y/yes ends the command
 * with exit 1.
 */
export async function confirm(output: Output, options: ConfirmOptions): Promise<void> {
  if (options.yes) return;
  const stdin = options.stdin ?? process.stdin;
  const flag = options.flag ?? '--yes';
  if (!stdin.isTTY) {
    throw new UsageError(`${options.question} Not asked without a terminal: add ${flag} to go ahead.`);
  }
  const { createInterface } = await import('node:readline/promises');
  const prompt = createInterface({ input: stdin, output: output.stderr });
  try {
    const answer = await prompt.question(`${options.question} [y/N] `);
    if (/^\s*y(es)?\s*$/i.test(answer)) return;
  } finally {
    prompt.close();
  }
  output.note(options.declined);
  throw new ExitError(1);
}
