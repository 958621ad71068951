import type { Client } from '@headwater/client';
import { type JsonSchema, jsonSchemaIssues } from '@headwater/core';

/** A declared parameter and its JSON Schema, if it has one. */
export interface DeclaredParameter {
  name: string;
  schema?: JsonSchema | null | undefined;
}

/**
 * `--param key=value` reads `value` as JSON when it can (`limit=10` is a number). For a
 * parameter whose schema refuses that reading but accepts the text as typed — `id=123` for a
 * string parameter — the text is what the user meant. Returns `parameters` with those values
 * given back as text; asks the API for the flow's parameter schemas only when a `--param`
 * was read as something other than a string.
 *
 * @example
 * ```ts
 * await declaredTextValues(client, flowId, { id: 123 }, ['id=123']); // { id: '123' } when id is a string
 * ```
 */
export async function declaredTextValues(
  client: Client,
  flowId: string,
  parameters: Readonly<Record<string, unknown>>,
  pairs: readonly string[],
): Promise<Record<string, unknown>> {
  if (readAsNonText(parameters, pairs).length === 0) return { ...parameters };
  const declared = (await client.getFlow(flowId)).parameters;
  return textValuesForSchemas(declared, parameters, pairs);
}

/**
 * {@link declaredTextValues} for parameters whose schemas are at hand (a flow loaded in this
 * process): a `--param` value the schema refuses as JSON but accepts as text becomes the text.
 *
 * @example
 * ```ts
 * textValuesForSchemas([{ name: 'id', schema: { type: 'string' } }], { id: 123 }, ['id=123']); // { id: '123' }
 * ```
 */
export function textValuesForSchemas(
  declared: readonly DeclaredParameter[],
  parameters: Readonly<Record<string, unknown>>,
  pairs: readonly string[],
): Record<string, unknown> {
  const values = { ...parameters };
  for (const [key, text] of readAsNonText(parameters, pairs)) {
    const schema = declared.find((p) => p.name === key)?.schema;
    if (schema == null) continue;
    const refused = jsonSchemaIssues([{ name: key, schema }], { [key]: parameters[key] }).length > 0;
    if (refused && jsonSchemaIssues([{ name: key, schema }], { [key]: text }).length === 0)
      values[key] = text;
  }
  return values;
}

/** The `key=value` pairs (the last of a key) whose value was read as something other than a string, as [key, text]. */
function readAsNonText(parameters: Readonly<Record<string, unknown>>, pairs: readonly string[]) {
  const texts = new Map(
    pairs.map((pair) => [pair.slice(0, pair.indexOf('=')).trim(), pair.slice(pair.indexOf('=') + 1)]),
  );
  return [...texts].filter(([key]) => typeof parameters[key] !== 'string');
}
