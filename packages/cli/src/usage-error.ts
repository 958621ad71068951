import { CliError } from './cli-error.js';

const marker = 'headwater.cli.usage-error';
const symbol = Symbol.for(marker);

/** The command line itself is wrong (a malformed option value, a missing file): exit code 2. */
export class UsageError extends CliError {
  readonly [symbol] = true;

  constructor(message: string, options: { cause?: unknown } = {}) {
    super({ code: 'USAGE', message, cause: options.cause });
    this.name = 'UsageError';
  }

  static override isInstance(error: unknown): error is UsageError {
    return error != null && typeof error === 'object' && symbol in error;
  }
}
