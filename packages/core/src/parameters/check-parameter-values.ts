import { type ParameterIssue, ParameterValueError } from '../errors/parameter-value-error.js';
import { issueFromJsonSchema, issueFromStandard } from './describe-mismatch.js';
import { compileJsonSchema } from './json-schema-validator.js';
import { type CheckedSchema, isStandardSchema, type JsonSchema } from './parameter-schema.js';

/** A parameter as the checks see it: its name and what its values are checked against. */
export interface SchemaOfParameter {
  readonly name: string;
  /** `null`/`undefined`: any value. */
  readonly schema?: CheckedSchema | null;
}

/** A declared parameter as the server keeps it: a JSON Schema at most. */
export interface JsonSchemaOfParameter {
  readonly name: string;
  readonly schema?: JsonSchema | null;
}

/**
 * Checks `values` against the parameters' JSON Schemas (no user code runs): what a server can
 * check. Values that are `undefined`, and parameters without a schema, are not checked; a
 * schema that cannot be used throws a {@link ParameterSchemaError}. Returns one issue per bad
 * value, in the parameters' order.
 *
 * @example
 * ```ts
 * jsonSchemaIssues([{ name: 'x', schema: { type: 'number' } }], { x: 'notanumber' });
 * // [{ parameter: 'x', path: 'parameters.x', message: 'expected number, got string "notanumber"' }]
 * ```
 */
export function jsonSchemaIssues(
  parameters: readonly JsonSchemaOfParameter[],
  values: Readonly<Record<string, unknown>>,
): ParameterIssue[] {
  const issues: ParameterIssue[] = [];
  for (const { name, schema } of parameters) {
    const value = values[name];
    if (schema == null || value === undefined) continue;
    const error = compileJsonSchema(schema)(value);
    if (error !== null) issues.push(issueFromJsonSchema(name, value, error));
  }
  return issues;
}

/**
 * Checks `values` where the flow's code runs: a Standard Schema with its own library (which
 * may be asynchronous), a JSON Schema declaration as {@link jsonSchemaIssues} does. Resolves
 * to the values to run with — a Standard Schema's output (e.g. after a transform) — or throws
 * a {@link ParameterValueError} naming every bad value. `undefined` values are not checked.
 *
 * @example
 * ```ts
 * await checkParameterValues([{ name: 'x', schema: z.number() }], { x: 'notanumber' }); // throws
 * ```
 */
export async function checkParameterValues(
  parameters: readonly SchemaOfParameter[],
  values: Readonly<Record<string, unknown>>,
): Promise<Record<string, unknown>> {
  const checked: Record<string, unknown> = { ...values };
  const issues: ParameterIssue[] = [];
  for (const { name, schema } of parameters) {
    const value = values[name];
    if (value === undefined || schema == null) continue;
    if (!isStandardSchema(schema)) {
      issues.push(...jsonSchemaIssues([{ name, schema }], values));
      continue;
    }
    const result = await schema['~standard'].validate(value);
    if (result.issues === undefined) checked[name] = result.value;
    else issues.push(...result.issues.map((issue) => issueFromStandard(name, issue)));
  }
  if (issues.length > 0) throw new ParameterValueError({ issues });
  return checked;
}
