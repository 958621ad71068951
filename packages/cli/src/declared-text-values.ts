import type { Client } from '@headwater/client';
import { jsonSchemaIssues } from '@headwater/core';

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
  const texts = new Map(
    pairs.map((pair) => [pair.slice(0, pair.indexOf('=')).trim(), pair.slice(pair.indexOf('=') + 1)]),
  );
  const read = [...texts.keys()].filter((key) => typeof parameters[key] !== 'string');
  if (read.length === 0) return { ...parameters };
  const declared = (await client.getFlow(flowId)).parameters;
  const values = { ...parameters };
  for (const key of read) {
    const schema = declared.find((p) => p.name === key)?.schema;
    if (schema == null) continue;
    const refused = jsonSchemaIssues([{ name: key, schema }], { [key]: parameters[key] }).length > 0;
    const text = texts.get(key)!;
    if (refused && jsonSchemaIssues([{ name: key, schema }], { [key]: text }).length === 0)
      values[key] = text;
  }
  return values;
}
