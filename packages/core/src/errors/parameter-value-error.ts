import { HeadwaterError } from './headwater-error.js';

const marker = 'headwater.error.parameter-value';
const symbol = Symbol.for(marker);

/** One parameter value that does not match its parameter's schema. */
export interface ParameterIssue {
  /** Name of the parameter whose value is bad. */
  parameter: string;
  /** Path of the bad value, e.g. `parameters.x` or `parameters.rows[2].id`. */
  path: string;
  /** What is wrong, e.g. `expected number, got string "notanumber"`. */
  message: string;
}

/**
 * Parameter values of a run do not match the schemas or declared types of the flow's
 * parameters. `issues` names every bad value by its path.
 *
 * @example
 * ```ts
 * const state = await flow.run({ parameters: { x: 'notanumber' } });
 * state.message; // 'Parameter values do not match … parameters.x: expected number, got string "notanumber" …'
 * ```
 */
export class ParameterValueError extends HeadwaterError {
  readonly [symbol] = true;
  readonly issues: readonly ParameterIssue[];

  constructor({ issues, cause }: { issues: readonly ParameterIssue[]; cause?: unknown }) {
    const lines = issues.map((issue) => `  ${issue.path}: ${issue.message}`).join('\n');
    super({
      code: 'PARAMETER_VALUE',
      message: `Parameter values do not match what the flow declares:\n${lines}\nGive values of the declared types.`,
      cause,
    });
    this.name = 'ParameterValueError';
    this.issues = issues;
  }

  static override isInstance(error: unknown): error is ParameterValueError {
    return HeadwaterError.hasMarker(error, marker);
  }
}
