import type { StandardJSONSchemaV1, StandardSchemaV1 } from '@standard-schema/spec';
import type { JsonValue } from '../contracts/json.js';
import { HeadwaterError } from '../errors/headwater-error.js';
import { ParameterSchemaError } from '../errors/parameter-schema-error.js';
import { defaultIssues } from '../parameters/default-issues.js';
import { compileJsonSchema } from '../parameters/json-schema-validator.js';
import {
  type CheckedSchema,
  type InferParameter,
  isStandardSchema,
  isStandardTyped,
  type JsonSchema,
  jsonSchemaFromStandard,
  type ParameterSchema,
} from '../parameters/parameter-schema.js';
import { Task } from './task.js';
import type { TaskRunContext } from './task-run-context.js';

/**
 * Options of a {@link Parameter}.
 *
 * @example
 * ```ts
 * new Parameter('limit', { default: 100 });
 * new Parameter<string>('url', { required: true });
 * new Parameter('x', { schema: z.number().int() });   // zod, valibot, arktype: any Standard Schema
 * parameter('x', { schema: { type: 'number' } });     // a declared type (JSON Schema)
 * ```
 */
export interface ParameterOptions<T> {
  /**
   * What values are accepted: a Standard Schema (zod, valibot, arktype, …), whose output type
   * becomes the parameter's type, or a JSON Schema declaration (`{ type: 'number' }`,
   * `{ type: 'array', items: { type: 'string' } }`, …). Values are checked when a run is
   * created (by the server, against the JSON Schema) and when it starts (here, with the
   * schema itself). A Standard Schema reaches the server only when its library can give a
   * JSON Schema (`~standard.jsonSchema`: zod 4, arktype, valibot's `toStandardJsonSchema`).
   * @default any value
   */
  schema?: StandardSchemaV1<unknown, T> | StandardJSONSchemaV1<unknown, T> | JsonSchema;
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
  /** What values are checked against, as given; `undefined`: any value. */
  readonly schema: CheckedSchema | undefined;
  /** The JSON Schema the serialized flow carries (the server checks it); `undefined`: none. */
  readonly jsonSchema: JsonSchema | undefined;

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
    this.jsonSchema = jsonSchemaOf(name, options.schema);
    // A Standard JSON Schema that cannot validate by itself is checked through its JSON Schema.
    this.schema =
      isStandardTyped(options.schema) && !isStandardSchema(options.schema)
        ? this.jsonSchema
        : (options.schema as CheckedSchema | undefined);
    const issues = defaultIssues(this);
    if (issues.length > 0) {
      throw new HeadwaterError({
        code: 'PARAMETER_DEFAULT',
        message: `Parameter "${name}" has a default its schema refuses: ${issues.join('; ')}. Give a default the schema accepts.`,
      });
    }
  }

  /** The run's value for this parameter, else the default. */
  run(_inputs: {}, context: TaskRunContext): T {
    const value = context.parameters[this.name];
    return (value === undefined ? this.default : value) as T;
  }
}

/**
 * The JSON Schema a parameter carries on the wire: a declaration as given (refused when it
 * does not compile), or what a Standard Schema's library gives (left out when unusable).
 */
function jsonSchemaOf(name: string, schema: ParameterSchema | undefined): JsonSchema | undefined {
  if (schema === undefined) return undefined;
  if (isStandardTyped(schema)) {
    const generated = jsonSchemaFromStandard(schema);
    if (generated === undefined) return undefined;
    try {
      compileJsonSchema(generated);
      return generated;
    } catch {
      return undefined;
    }
  }
  try {
    compileJsonSchema(schema);
  } catch (error) {
    if (!ParameterSchemaError.isInstance(error)) throw error;
    throw new ParameterSchemaError({ parameter: name, reason: error.reason, cause: error });
  }
  return schema;
}

/**
 * Shorthand for `new Parameter(name, options)` that also infers the type of a declared
 * (JSON Schema) type.
 *
 * @example
 * ```ts
 * const x = parameter('x', { schema: { type: 'number' } });               // Parameter<number>
 * const tags = parameter('tags', { schema: { type: 'array', items: { type: 'string' } } }); // Parameter<string[]>
 * const limit = parameter('limit', { schema: z.number().int(), default: 10 }); // Parameter<number>
 * ```
 */
export function parameter<const S extends ParameterSchema>(
  name: string,
  options: ParameterOptions<InferParameter<S>> & { schema: S },
): Parameter<InferParameter<S>>;
export function parameter<T = unknown>(name: string, options?: ParameterOptions<T>): Parameter<T>;
export function parameter<T = unknown>(name: string, options: ParameterOptions<T> = {}): Parameter<T> {
  return new Parameter<T>(name, options);
}
