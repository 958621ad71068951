import type { StandardJSONSchemaV1, StandardSchemaV1, StandardTypedV1 } from '@standard-schema/spec';
import type { JsonValue } from '../contracts/json.js';

/** JSON's type names, as JSON Schema's `type` keyword spells them. */
export type JsonTypeName = 'string' | 'number' | 'integer' | 'boolean' | 'object' | 'array' | 'null';

/**
 * A JSON Schema object (draft 2020-12, or draft-07 when its `$schema` says so) declaring a
 * parameter's values. The keywords below are typed so that {@link parameter} can infer the
 * value type; any other JSON Schema keyword is accepted as well.
 *
 * @example
 * ```ts
 * const declared = { type: 'array', items: { type: 'string' }, minItems: 1 } satisfies JsonSchemaObject;
 * ```
 */
export interface JsonSchemaObject {
  readonly type?: JsonTypeName | readonly JsonTypeName[];
  readonly enum?: readonly JsonValue[];
  readonly const?: JsonValue;
  readonly items?: JsonSchema;
  readonly properties?: { readonly [name: string]: JsonSchema };
  readonly required?: readonly string[];
  readonly [keyword: string]: unknown;
}

/** A JSON Schema: an object, or `true`/`false` (any value / no value). */
export type JsonSchema = JsonSchemaObject | boolean;

/**
 * What a parameter's values are checked against: a Standard Schema (zod, valibot, arktype, …),
 * a Standard JSON Schema (e.g. valibot's `toStandardJsonSchema`), or a JSON Schema declaration.
 */
export type ParameterSchema = StandardSchemaV1 | StandardJSONSchemaV1 | JsonSchema;

/** What values are checked against where the flow's code runs: a Standard Schema or a JSON Schema. */
export type CheckedSchema = StandardSchemaV1 | JsonSchema;

type TypeOfName<N, S> = N extends 'string'
  ? string
  : N extends 'number' | 'integer'
    ? number
    : N extends 'boolean'
      ? boolean
      : N extends 'null'
        ? null
        : N extends 'array'
          ? S extends { items: infer I }
            ? FromJsonSchema<I>[]
            : JsonValue[]
          : N extends 'object'
            ? ObjectOf<S>
            : unknown;

type RequiredKeys<S> = S extends { required: readonly (infer R)[] } ? R : never;

type ObjectOf<S> = S extends { properties: infer P }
  ? { -readonly [K in keyof P as K extends RequiredKeys<S> ? K : never]: FromJsonSchema<P[K]> } & {
      -readonly [K in keyof P as K extends RequiredKeys<S> ? never : K]?: FromJsonSchema<P[K]>;
    } & { [key: string]: unknown }
  : { [key: string]: JsonValue };

/**
 * The TypeScript type of the values a JSON Schema declaration accepts: from `const`, `enum`,
 * `type` (one or several), `items` and `properties`/`required`; `unknown` when it cannot tell.
 *
 * @example
 * ```ts
 * type Row = FromJsonSchema<{ type: 'object'; properties: { id: { type: 'integer' } }; required: ['id'] }>;
 * // { id: number } & { [key: string]: unknown }
 * ```
 */
export type FromJsonSchema<S> = S extends { const: infer C }
  ? C
  : S extends { enum: readonly (infer E)[] }
    ? E
    : S extends { type: infer N }
      ? N extends readonly (infer M)[]
        ? TypeOfName<M, S>
        : TypeOfName<N, S>
      : unknown;

/**
 * The type of a parameter's value given its schema: a Standard Schema's output type, or
 * {@link FromJsonSchema} of a JSON Schema declaration.
 */
export type InferParameter<S> = S extends StandardTypedV1
  ? StandardTypedV1.InferOutput<S>
  : FromJsonSchema<S>;

/** True for a Standard Schema or Standard JSON Schema (it has a `~standard` property). */
export function isStandardTyped(schema: unknown): schema is StandardTypedV1 {
  return (
    (typeof schema === 'object' || typeof schema === 'function') && schema !== null && '~standard' in schema
  );
}

/** True for a Standard Schema (an object or function with a `~standard` property). */
export function isStandardSchema(schema: unknown): schema is StandardSchemaV1 {
  return (
    (typeof schema === 'object' || typeof schema === 'function') &&
    schema !== null &&
    '~standard' in schema &&
    typeof (schema as StandardSchemaV1)['~standard']?.validate === 'function'
  );
}

const hasJsonSchema = (schema: StandardTypedV1): schema is StandardJSONSchemaV1 =>
  typeof (schema['~standard'] as Partial<StandardJSONSchemaV1.Props>).jsonSchema?.input === 'function';

/**
 * The JSON Schema of the values a Standard Schema accepts as input, when its library
 * implements Standard JSON Schema (`~standard.jsonSchema`: zod 4, arktype, valibot through
 * `toStandardJsonSchema`): draft 2020-12, else draft-07. `undefined` when the library cannot
 * say — the schema is then checked only where the flow's code runs.
 */
export function jsonSchemaFromStandard(schema: StandardTypedV1): JsonSchema | undefined {
  if (!hasJsonSchema(schema)) return undefined;
  for (const target of ['draft-2020-12', 'draft-07'] as const) {
    try {
      return schema['~standard'].jsonSchema.input({ target }) as JsonSchemaObject;
    } catch {
      // This target (or this schema: e.g. a transform) has no JSON Schema; try the next.
    }
  }
  return undefined;
}
