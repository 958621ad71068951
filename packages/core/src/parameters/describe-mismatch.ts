import type { StandardSchemaV1 } from '@standard-schema/spec';
import type { ErrorObject } from 'ajv';
import type { ParameterIssue } from '../errors/parameter-value-error.js';
import { jsonPath } from '../serialization/parse-wire.js';

const MAX_SHOWN = 60;

/** A short description of a value for messages, e.g. `string "notanumber"`, `array (3 items)`. */
export function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return `array (${value.length} item${value.length === 1 ? '' : 's'})`;
  if (typeof value === 'string') {
    const shown = JSON.stringify(value.length > MAX_SHOWN ? `${value.slice(0, MAX_SHOWN)}…` : value);
    return `string ${shown}`;
  }
  if (typeof value === 'object') return 'object';
  return `${typeof value} ${String(value)}`;
}

/** The value at a JSON Pointer (`/rows/2/id`) inside `root`. */
function valueAt(root: unknown, pointer: string): unknown {
  let value = root;
  for (const key of pointerKeys(pointer)) value = (value as Record<string, unknown> | undefined)?.[key];
  return value;
}

const pointerKeys = (pointer: string): string[] =>
  pointer === ''
    ? []
    : pointer
        .slice(1)
        .split('/')
        .map((k) => k.replaceAll('~1', '/').replaceAll('~0', '~'));

function keysOf(pointer: string, root: unknown): PropertyKey[] {
  const keys: PropertyKey[] = [];
  let value = root;
  for (const key of pointerKeys(pointer)) {
    keys.push(Array.isArray(value) && /^\d+$/.test(key) ? Number(key) : key);
    value = (value as Record<string, unknown> | undefined)?.[key];
  }
  return keys;
}

function mismatch(error: ErrorObject, got: string): string {
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'type':
      return `expected ${String(params.type).replaceAll(',', ' or ')}, got ${got}`;
    case 'enum':
      return `expected one of ${JSON.stringify(params.allowedValues)}, got ${got}`;
    case 'const':
      return `expected ${JSON.stringify(params.allowedValue)}, got ${got}`;
    case 'required':
      return `missing the property "${String(params.missingProperty)}"`;
    case 'additionalProperties':
      return `has the property "${String(params.additionalProperty)}", which is not declared`;
    default:
      return `${error.message ?? `fails "${error.keyword}"`}, got ${got}`;
  }
}

/** A JSON Schema mismatch of parameter `name` (value `value`) as an issue with its path. */
export function issueFromJsonSchema(name: string, value: unknown, error: ErrorObject): ParameterIssue {
  return {
    parameter: name,
    path: jsonPath(['parameters', name, ...keysOf(error.instancePath, value)]),
    message: mismatch(error, describeValue(valueAt(value, error.instancePath))),
  };
}

/** A Standard Schema issue of parameter `name` as an issue with its path. */
export function issueFromStandard(name: string, issue: StandardSchemaV1.Issue): ParameterIssue {
  const keys = (issue.path ?? []).map((segment) => (typeof segment === 'object' ? segment.key : segment));
  return { parameter: name, path: jsonPath(['parameters', name, ...keys]), message: issue.message };
}
