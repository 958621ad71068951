import { HeadwaterError } from './headwater-error.js';

const marker = 'headwater.error.parameter-schema';
const symbol = Symbol.for(marker);

/**
 * A parameter's JSON Schema cannot be used: it is not valid JSON Schema (draft 2020-12, or
 * draft-07 when its `$schema` says so), refers to something outside itself, or is too large.
 *
 * @example
 * ```ts
 * new Parameter('x', { schema: { type: 'numbr' } }); // throws ParameterSchemaError
 * ```
 */
export class ParameterSchemaError extends HeadwaterError {
  readonly [symbol] = true;
  /** Name of the parameter, when known. */
  readonly parameter: string | undefined;
  /** Why the schema was refused (the validator's own words). */
  readonly reason: string;

  constructor({ parameter, reason, cause }: { parameter?: string; reason: string; cause?: unknown }) {
    const who = parameter === undefined ? 'A parameter schema' : `The schema of parameter "${parameter}"`;
    super({
      code: 'PARAMETER_SCHEMA',
      message: `${who} is not a usable JSON Schema: ${reason}. Give a JSON Schema of draft 2020-12 (or draft-07 with its "$schema"), self-contained (no remote "$ref"), e.g. { "type": "number" }.`,
      cause,
    });
    this.name = 'ParameterSchemaError';
    this.parameter = parameter;
    this.reason = reason;
  }

  static override isInstance(error: unknown): error is ParameterSchemaError {
    return HeadwaterError.hasMarker(error, marker);
  }
}
