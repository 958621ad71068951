import type { FlowParameter } from '../api/types.js';

/** What a parameter's field accepts, inferred from its default value. */
export type ParameterKind = 'string' | 'number' | 'boolean' | 'list' | 'object' | 'json';

export function parameterKind(parameter: FlowParameter): ParameterKind {
  const value = parameter.default;
  if (typeof value === 'string') return 'string';
  if (typeof value === 'number') return 'number';
  if (typeof value === 'boolean') return 'boolean';
  if (Array.isArray(value)) return 'list';
  if (value !== null && typeof value === 'object') return 'object';
  return 'json';
}

/** A hint shown under the field, e.g. "A number, like 42". */
export function parameterHint(kind: ParameterKind): string {
  switch (kind) {
    case 'string':
      return 'Text.';
    case 'number':
      return 'A number, like 42 or 3.5.';
    case 'boolean':
      return 'On or off.';
    case 'list':
      return 'A JSON list, like [1, 2, 3].';
    case 'object':
      return 'A JSON object, like {"key": "value"}.';
    case 'json':
      return 'Any JSON value (42, true, [1, 2], {"a": 1}, "text"); anything else is sent as text.';
  }
}

/** The field's starting text: the default, written the way the field expects it. */
export function initialParameterText(parameter: FlowParameter): string {
  const value = parameter.default;
  if (value === undefined || value === null) return '';
  return typeof value === 'string' ? value : JSON.stringify(value);
}

export type ParsedParameters =
  | { ok: true; parameters: Record<string, unknown> }
  | { ok: false; errors: Record<string, string> };

/**
 * Validates the run form against the flow's parameters. An empty field leaves the parameter out, so
 * the server applies the flow's default; a required parameter without a default must be filled in.
 *
 * @example
 * parseParameterValues([{ name: 'n', slug: 'n', required: false, default: 1 }], { n: '5' })
 * // → { ok: true, parameters: { n: 5 } }
 */
export function parseParameterValues(
  parameters: readonly FlowParameter[],
  texts: Readonly<Record<string, string>>,
): ParsedParameters {
  const result: Record<string, unknown> = {};
  const errors: Record<string, string> = {};
  for (const parameter of parameters) {
    const kind = parameterKind(parameter);
    const raw = texts[parameter.name] ?? '';
    if (raw.trim() === '') {
      if (parameter.required && parameter.default == null) {
        errors[parameter.name] = `Enter a value for “${parameter.name}”: the flow cannot run without it.`;
      }
      continue;
    }
    const parsed = parseOne(parameter.name, kind, raw);
    if ('error' in parsed) errors[parameter.name] = parsed.error;
    else result[parameter.name] = parsed.value;
  }
  return Object.keys(errors).length > 0 ? { ok: false, errors } : { ok: true, parameters: result };
}

function parseOne(name: string, kind: ParameterKind, raw: string): { value: unknown } | { error: string } {
  switch (kind) {
    case 'string':
      return { value: raw };
    case 'number': {
      const value = Number(raw.trim());
      return Number.isFinite(value) ? { value } : { error: `“${name}” must be a number, like 42 or 3.5.` };
    }
    case 'boolean':
      if (raw === 'true' || raw === 'false') return { value: raw === 'true' };
      return { error: `“${name}” must be true or false.` };
    case 'list': {
      const value = tryJson(raw);
      return value.ok && Array.isArray(value.value)
        ? { value: value.value }
        : { error: `“${name}” must be a JSON list, like [1, 2, 3].` };
    }
    case 'object': {
      const value = tryJson(raw);
      return value.ok && isJsonObject(value.value)
        ? { value: value.value }
        : { error: `“${name}” must be a JSON object, like {"key": "value"}.` };
    }
    case 'json': {
      const value = tryJson(raw);
      return { value: value.ok ? value.value : raw };
    }
  }
}

/** A plain JSON object: not null, not a list. */
export function isJsonObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function tryJson(raw: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(raw) };
  } catch {
    return { ok: false };
  }
}
