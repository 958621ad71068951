import { HeadwaterError } from '@headwater/core';

const marker = 'headwater.storage.bundle-health-check-error';
const symbol = Symbol.for(marker);

/**
 * A bundle's health check, run on this host by `checkBundleHealth`, failed: a flow did not
 * load from the bundle, serialized differently from the host, a dependency did not import,
 * or the check did not finish in time. `output` holds what the check printed: the real
 * error and its stack.
 */
export class BundleHealthCheckError extends HeadwaterError {
  readonly [symbol] = true;
  /** The flows the bundle holds. */
  readonly flows: readonly string[];
  /** The bundle directory the check ran in. */
  readonly directory: string;
  /** What the health check printed (stdout and stderr, as they came): errors and stacks. */
  readonly output: string;
  /** The check's exit code; `null` when it was killed. */
  readonly exitCode: number | null;
  /** True when the check was killed for running past its timeout. */
  readonly timedOut: boolean;

  constructor({
    flows,
    directory,
    output,
    exitCode,
    timeoutMs,
    cause,
  }: {
    flows: readonly string[];
    directory: string;
    output: string;
    exitCode: number | null;
    /** Set when the check ran past this many milliseconds and was killed. */
    timeoutMs?: number | undefined;
    cause?: unknown;
  }) {
    const names = flows.map((flow) => `"${flow}"`).join(', ');
    const what =
      timeoutMs === undefined
        ? `The health check of flow(s) ${names} failed (exit code ${exitCode}): loaded from their bundle the way a run loads them, they did not load or did not match what this host serialized. ` +
          'Code that works from your source files can still fail from the bundle: top-level code that throws, a file read relative to the module (`import.meta.url`, `__dirname`) that is not part of the bundle, a package that is not bundled or installed next to it. ' +
          'Fix the flow module (the error and its stack are below) and deploy again.'
        : `The health check of flow(s) ${names} did not finish within ${timeoutMs / 1000} s and was stopped: loading a flow module waits on something (a top-level \`await\`, a connection or timer opened when the module loads). ` +
          'Move that work into a task and deploy again.';
    super({
      code: 'HEALTH_CHECK_FAILED',
      message: `${what} The health check printed:\n${output.trimEnd() || '(nothing)'}`,
      cause,
    });
    this.name = 'BundleHealthCheckError';
    this.flows = flows;
    this.directory = directory;
    this.output = output;
    this.exitCode = exitCode;
    this.timedOut = timeoutMs !== undefined;
  }

  static override isInstance(error: unknown): error is BundleHealthCheckError {
    return HeadwaterError.hasMarker(error, marker);
  }
}
