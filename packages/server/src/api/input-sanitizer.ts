import { ApiError } from '../errors/api-error.js';

/** What {@link sanitizeInput} checks every value against. */
export interface SanitizeOptions {
  /** Deepest nesting of objects and arrays, counted from the value given. */
  maxDepth: number;
}

/** One value still to visit: where it is (parent and key, joined only for an error) and how deep. */
interface Pending {
  value: unknown;
  parent: Pending | null;
  key: string | number;
  depth: number;
}

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
/** Longest path an error message spells out in full; deeper ones keep their head and tail. */
const PATH_SEGMENTS_SHOWN = 16;

function segments(node: Pending): (string | number)[] {
  const keys: (string | number)[] = [];
  for (let current: Pending | null = node; current !== null; current = current.parent) keys.push(current.key);
  return keys.reverse();
}

/** Longest key an error message spells out; a longer one is cut. */
const KEY_LENGTH_SHOWN = 64;

function formatSegment(key: string | number, first: boolean): string {
  if (typeof key === 'number') return `[${key}]`;
  if (key.length <= KEY_LENGTH_SHOWN && IDENTIFIER.test(key)) return first ? key : `.${key}`;
  return `[${JSON.stringify(key.length <= KEY_LENGTH_SHOWN ? key : `${key.slice(0, KEY_LENGTH_SHOWN)}…`)}]`;
}

/** A path like `input.parameters.a[3]`, shortened in the middle when it is very deep. */
export function formatInputPath(keys: readonly (string | number)[]): string {
  const shown =
    keys.length <= PATH_SEGMENTS_SHOWN
      ? keys
      : [...keys.slice(0, PATH_SEGMENTS_SHOWN / 2), null, ...keys.slice(-PATH_SEGMENTS_SHOWN / 2)];
  return shown
    .map((key, index) =>
      key === null ? `…(${keys.length - PATH_SEGMENTS_SHOWN} more levels)…` : formatSegment(key, index === 0),
    )
    .join('');
}

/** Why `text` cannot be stored, or null when it can. */
export function textProblem(text: string): string | null {
  if (text.includes('\u0000')) {
    return 'text contains a NUL character (U+0000), which the database cannot store; remove it';
  }
  if (LONE_SURROGATE.test(text)) {
    return 'text contains an unpaired UTF-16 surrogate, which is not valid Unicode; send well-formed text';
  }
  return null;
}

function refuse(node: Pending, problem: string, limit?: string): never {
  throw new ApiError({
    code: 'BAD_USER_INPUT',
    message: `Invalid input at ${formatInputPath(segments(node))}: ${problem}.`,
    ...(limit ? { limit } : {}),
  });
}

function checkText(node: Pending, text: string): void {
  const problem = textProblem(text);
  if (problem !== null) refuse(node, problem);
}

/**
 * Checks a value the API is about to store or query with — an operation's arguments, a
 * decompressed flow — before anything else reads it: no text (string or object key) with a
 * NUL character or an unpaired surrogate, which PostgreSQL refuses (and SQLite would store
 * differently), and no nesting of objects and arrays deeper than `maxDepth`, which recursive
 * code (JSON serialisation, the database's JSON parser) cannot follow. The walk is iterative,
 * so a value of any depth is refused, not overflowed on. A refusal is `BAD_USER_INPUT` naming
 * the offending value's path, e.g. `input.parameters.a.b[3]`.
 *
 * @example
 * ```ts
 * sanitizeInput({ input: { name: 'a\u0000b' } }, 'args', { maxDepth: 100 });
 * // ApiError: Invalid input at input.name: text contains a NUL character (U+0000), …
 * ```
 */
export function sanitizeInput(value: unknown, root: string, options: SanitizeOptions): void {
  const stack: Pending[] = [{ value, parent: null, key: root, depth: 0 }];
  for (let node = stack.pop(); node !== undefined; node = stack.pop()) {
    const current = node.value;
    if (typeof current === 'string') {
      checkText(node, current);
      continue;
    }
    if (current === null || typeof current !== 'object') continue;
    const depth = node.depth + 1;
    if (depth > options.maxDepth) {
      refuse(
        node,
        `the value is nested deeper than ${options.maxDepth} levels of objects and arrays; flatten it or store it elsewhere and pass a reference`,
        'jsonDepth',
      );
    }
    if (Array.isArray(current)) {
      for (let index = current.length - 1; index >= 0; index--) {
        stack.push({ value: current[index], parent: node, key: index, depth });
      }
      continue;
    }
    for (const [key, child] of Object.entries(current)) {
      const entry: Pending = { value: child, parent: node, key, depth };
      checkText(entry, key);
      stack.push(entry);
    }
  }
}
