import type { Flow } from '@headwater/core';
import { textValuesForSchemas } from '../declared-text-values.js';
import { parseParameters } from '../parse-options.js';

/**
 * Parameter values for a run in this process, read as `run flow` reads them: `base` (a
 * replayed run's values), overlaid by the params file, overlaid by each `--param key=value`
 * (JSON when it parses, the text as typed for a parameter whose schema wants a string). The
 * flow's run checks them against the parameter schemas.
 *
 * @example
 * ```ts
 * localParameters(flow, ['limit=10', 'id=123']); // { limit: 10, id: '123' } when id is declared a string
 * ```
 */
export function localParameters(
  flow: Flow,
  pairs: readonly string[],
  paramsFile?: string,
  base: Readonly<Record<string, unknown>> = {},
): Record<string, unknown> {
  const given = { ...base, ...parseParameters(pairs, paramsFile) };
  const declared = flow
    .parameters()
    .map((parameter) => ({ name: parameter.name, schema: parameter.jsonSchema }));
  return textValuesForSchemas(declared, given, pairs);
}
