import { z } from 'zod';
import { toIso } from '../database/values.js';
import { ApiError } from '../errors/api-error.js';
import { textProblem } from './input-sanitizer.js';
import type { ApiLimits } from './limits.js';

/** Parses `value` with `schema`, turning a failure into a `BAD_USER_INPUT` naming the path. */
export function validate<T>(schema: z.ZodType<T>, value: unknown, what: string): T {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  const path = issue.path.length ? ` at ${issue.path.join('.')}` : '';
  throw new ApiError({ code: 'BAD_USER_INPUT', message: `Invalid ${what}${path}: ${issue.message}.` });
}

/** Builds the schemas bounded by `limits`. */
function buildBoundedSchemas(limits: ApiLimits) {
  const name = z
    .string()
    .trim()
    .min(1, 'must not be empty')
    .max(limits.nameLength, `must be at most ${limits.nameLength} characters`);
  return {
    name,
    optionalShortText: z.string().max(limits.nameLength).nullish(),
    description: z.string().max(limits.logMessageLength).nullish(),
    labels: z.array(name).max(100),
  };
}

/**
 * Schemas bounded by the server's limits, built once per limits object: building a zod schema
 * costs more than checking a value with it, and these are checked on every run and log write.
 */
const boundedSchemas = new WeakMap<ApiLimits, ReturnType<typeof buildBoundedSchemas>>();
function schemasFor(limits: ApiLimits) {
  let schemas = boundedSchemas.get(limits);
  if (schemas === undefined) {
    schemas = buildBoundedSchemas(limits);
    boundedSchemas.set(limits, schemas);
  }
  return schemas;
}

/** A trimmed, non-empty name within the length limit. */
export function nameSchema(limits: ApiLimits) {
  return schemasFor(limits).name;
}

/** An optional string within the name length limit (idempotency keys, logger names). */
export function optionalShortTextSchema(limits: ApiLimits) {
  return schemasFor(limits).optionalShortText;
}

/** An optional description (of a project, a flow group). */
export function descriptionSchema(limits: ApiLimits) {
  return schemasFor(limits).description;
}

/** A UUID id; anything else can never match a row, so it is refused early. */
export const idSchema = z.uuid({ message: 'must be a UUID' });

/** Checks an id argument; a malformed id is `BAD_USER_INPUT`. */
export function checkId(value: string, what: string): string {
  return validate(idSchema, value, what);
}

/** Labels: unique, sorted, each a short non-empty string. */
export function normalizeLabels(labels: readonly string[] | null | undefined, limits: ApiLimits): string[] {
  const list = validate(schemasFor(limits).labels, labels ?? [], 'labels');
  return [...new Set(list)].sort();
}

/** The longest storage type name, as a serialized flow's `storage.type` may be. */
export const STORAGE_TYPE_LENGTH = 500;

const storageTypesSchema = z
  .array(
    z
      .string()
      .min(1, 'must not be empty')
      .max(STORAGE_TYPE_LENGTH, `must be at most ${STORAGE_TYPE_LENGTH} characters`),
  )
  .max(100);

/**
 * Storage types an agent runs: unique and sorted, each compared exactly with a flow's
 * `storage.type`. Null (not given) stays null: the agent takes any type.
 */
export function normalizeStorageTypes(types: readonly string[] | null | undefined): string[] | null {
  if (types == null) return null;
  return [...new Set(validate(storageTypesSchema, types, 'storageTypes'))].sort();
}

/** A JSON object (parameters, context). */
export const jsonObjectSchema = z.record(z.string(), z.unknown());

/** A JSON object, or nothing. */
export const optionalJsonObjectSchema = jsonObjectSchema.nullish();

/** Checks a page size (`first`) against the limit. */
export function pageSize(first: number | null | undefined, limits: ApiLimits): number {
  const size = first ?? 50;
  if (!Number.isInteger(size) || size < 1 || size > limits.pageSize) {
    throw new ApiError({
      code: 'BAD_USER_INPUT',
      limit: 'pageSize',
      message: `Page size ${size} is out of range: \`first\` must be between 1 and ${limits.pageSize}. Page with \`after\`.`,
    });
  }
  return size;
}

/** A date-time input normalised to ISO, or `BAD_USER_INPUT`. */
export function isoInput(value: string | null | undefined, what: string): string | null {
  if (value == null) return null;
  const time = Date.parse(value);
  if (Number.isNaN(time)) {
    throw new ApiError({
      code: 'BAD_USER_INPUT',
      message: `Invalid ${what}: "${value.slice(0, 64)}" is not an ISO-8601 date-time.`,
    });
  }
  return toIso(time);
}

/** Encodes a pagination cursor from the sort key of the last row. */
export function encodeCursor(values: readonly (string | number | null)[]): string {
  return Buffer.from(JSON.stringify(values), 'utf8').toString('base64url');
}

/** Decodes a cursor made by {@link encodeCursor}; a forged one is `BAD_USER_INPUT`. */
export function decodeCursor(
  cursor: string | null | undefined,
  length: number,
): (string | number | null)[] | null {
  if (cursor == null) return null;
  try {
    const values = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (
      Array.isArray(values) &&
      values.length === length &&
      values.every((v) => v === null || (typeof v !== 'object' && !(typeof v === 'string' && textProblem(v))))
    ) {
      return values;
    }
  } catch {}
  throw new ApiError({
    code: 'BAD_USER_INPUT',
    message: 'Invalid `after` cursor: pass a `pageInfo.endCursor` from the previous page.',
  });
}
