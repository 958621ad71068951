import type { JsonValue } from '../contracts/json.js';
import { HeadwaterError } from '../errors/headwater-error.js';
import { Task } from './task.js';
import type { TaskRunContext } from './task-run-context.js';

/**
 * Options of a {@link Parameter}.
 *
 * @example
 * ```ts
 * new Parameter('limit', { default: 100 });
 * new Parameter<string>('url', { required: true });
 * ```
 */
export interface ParameterOptions<T> {
  /** Value when the run gives none. Must be JSON-serializable. */
  default?: T;
  /** A run without a value fails. Forced false when a (non-null) default is given. @default true */
  required?: boolean;
  tags?: Iterable<string>;
  /** Type name of the value in the serialized flow. @default "any" */
  outputs?: string;
  /** Serialized `type`. @default "headwater.Parameter" */
  type?: string;
}

const isJson = (value: unknown): value is JsonValue => {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return true;
  if (typeof value === 'number') return Number.isFinite(value);
  if (Array.isArray(value)) return value.every(isJson);
  if (typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    return Object.values(value).every(isJson);
  }
  return false;
};

/**
 * A value given when a flow run starts. Its slug is its name; its value comes from the run's
 * parameters, else its default.
 *
 * @example
 * ```ts
 * const flow = new Flow('etl');
 * const limit = flow.add(new Parameter('limit', { default: 100 }));
 * flow.add(fetchRows, { limit });
 * await flow.run({ parameters: { limit: 5 } });
 * ```
 */
export class Parameter<T = unknown> extends Task<{}, T> {
  static override taskType = 'headwater.Parameter';
  readonly default: T | undefined;
  readonly required: boolean;

  constructor(name: string, options: ParameterOptions<T> = {}) {
    super({
      name,
      slug: name,
      ...(options.tags === undefined ? {} : { tags: options.tags }),
      ...(options.outputs === undefined ? {} : { outputs: options.outputs }),
      ...(options.type === undefined ? {} : { type: options.type }),
    });
    if (options.default !== undefined && !isJson(options.default)) {
      throw new HeadwaterError({
        code: 'PARAMETER_DEFAULT',
        message: `Parameter "${name}" has a default that is not JSON-serializable; use plain objects, arrays, strings, finite numbers, booleans or null.`,
      });
    }
    // Stored as it will travel (e.g. -0 becomes 0), so a loaded flow carries the same value.
    this.default =
      options.default === undefined ? undefined : (JSON.parse(JSON.stringify(options.default)) as T);
    this.required = options.default == null ? (options.required ?? true) : false;
  }

  /** The run's value for this parameter, else the default. */
  run(_inputs: {}, context: TaskRunContext): T {
    const value = context.parameters[this.name];
    return (value === undefined ? this.default : value) as T;
  }
}

/** Shorthand for `new Parameter(name, options)`. */
export function parameter<T = unknown>(name: string, options: ParameterOptions<T> = {}): Parameter<T> {
  return new Parameter<T>(name, options);
}
