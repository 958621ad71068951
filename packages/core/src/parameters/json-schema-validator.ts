import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import { Ajv2020 } from 'ajv/dist/2020.js';
import type { FormatsPlugin } from 'ajv-formats';
import * as formats from 'ajv-formats';
import { ParameterSchemaError } from '../errors/parameter-schema-error.js';
import type { JsonSchema } from './parameter-schema.js';

/** Largest JSON Schema (as JSON text) a parameter may carry: compiling is not free. */
export const MAX_JSON_SCHEMA_BYTES = 64 * 1024;

/** Compiled validators kept per process (oldest dropped first). */
const CACHE_SIZE = 256;

/** Checks one value; `null` when it matches, else the first mismatch. */
export type JsonSchemaCheck = (value: unknown) => ErrorObject | null;

const DRAFT_07 = /^https?:\/\/json-schema\.org\/draft-0[67]\/schema#?$/;
const DRAFT_2020 = /^https?:\/\/json-schema\.org\/draft\/2020-12\/schema#?$/;

// Interop: the plugin is module.exports and module.exports.default, depending on the loader.
const loaded = formats.default as unknown as { default?: FormatsPlugin } & FormatsPlugin;
const addFormats: FormatsPlugin = loaded.default ?? loaded;

const options = {
  // JSON Schema says unknown keywords are ignored; the meta-schema still catches bad values.
  strict: false,
  // One error per value: the first mismatch is enough to refuse a run, and bounds the work.
  allErrors: false,
  logger: false,
} as const;

let validators: { draft07: Ajv; draft2020: Ajv2020 } | undefined;
const cache = new Map<string, JsonSchemaCheck>();

function ajvFor(schema: JsonSchema): Ajv | Ajv2020 {
  validators ??= {
    draft07: addFormats(new Ajv(options)),
    draft2020: addFormats(new Ajv2020(options)),
  };
  const dialect = typeof schema === 'object' ? schema.$schema : undefined;
  if (dialect === undefined || (typeof dialect === 'string' && DRAFT_2020.test(dialect)))
    return validators.draft2020;
  if (typeof dialect === 'string' && DRAFT_07.test(dialect)) return validators.draft07;
  throw new ParameterSchemaError({
    reason: `its "$schema" (${JSON.stringify(dialect).slice(0, 100)}) is neither draft 2020-12 nor draft-07`,
  });
}

function compile(schema: JsonSchema): JsonSchemaCheck {
  const ajv = ajvFor(schema);
  let validate: ValidateFunction;
  try {
    validate = ajv.compile(schema);
  } catch (error) {
    throw new ParameterSchemaError({ reason: (error as Error).message, cause: error });
  } finally {
    // Ajv keeps every compiled schema by object identity; this cache is ours, bounded.
    if (typeof schema === 'object') ajv.removeSchema(schema);
  }
  return (value) => (validate(value) ? null : (validate.errors?.[0] ?? null));
}

/**
 * A checker for values of `schema` (draft 2020-12, or draft-07 when its `$schema` says so),
 * compiled once per distinct schema text. Throws a {@link ParameterSchemaError} for a schema
 * that is too large, invalid against its meta-schema, or refers outside itself.
 *
 * @example
 * ```ts
 * compileJsonSchema({ type: 'number' })('x'); // { keyword: 'type', instancePath: '', … }
 * ```
 */
export function compileJsonSchema(schema: JsonSchema): JsonSchemaCheck {
  const text = JSON.stringify(schema);
  const cached = cache.get(text);
  if (cached !== undefined) return cached;
  if (Buffer.byteLength(text, 'utf8') > MAX_JSON_SCHEMA_BYTES) {
    throw new ParameterSchemaError({
      reason: `it is larger than ${MAX_JSON_SCHEMA_BYTES} bytes of JSON`,
    });
  }
  const check = compile(JSON.parse(text) as JsonSchema);
  if (cache.size >= CACHE_SIZE) cache.delete(cache.keys().next().value!);
  cache.set(text, check);
  return check;
}
