import { GraphQLError, getLocation, Source } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import type { ApiLimits } from '../api/limits.js';

const OPEN = new Set(['{', '[', '(']);
const CLOSE = new Set(['}', ']', ')']);

/** Index just past the string (`"…"` or `"""…"""`) that starts at `start`. */
function skipString(text: string, start: number): number {
  if (text.startsWith('"""', start)) {
    let i = start + 3;
    while (i < text.length && !text.startsWith('"""', i)) i += text.startsWith('\\"""', i) ? 4 : 1;
    return i + 3;
  }
  let i = start + 1;
  while (i < text.length && text[i] !== '"' && text[i] !== '\n') i += text[i] === '\\' ? 2 : 1;
  return i + 1;
}

/**
 * The offset of the first bracket (`{`, `[`, `(`) of `text` that opens level `maxDepth + 1`,
 * or -1 when none does; strings and comments are skipped. A linear scan, so a query nested
 * thousands of levels deep is measured without the recursion of a parser.
 */
export function tooDeepOffset(text: string, maxDepth: number): number {
  let depth = 0;
  let i = 0;
  while (i < text.length) {
    const char = text[i]!;
    if (char === '"') {
      i = skipString(text, i);
      continue;
    }
    if (char === '#') {
      const end = text.indexOf('\n', i);
      i = end === -1 ? text.length : end;
      continue;
    }
    if (OPEN.has(char) && ++depth > maxDepth) return i;
    if (CLOSE.has(char) && depth > 0) depth--;
    i++;
  }
  return -1;
}

/**
 * The deepest bracket nesting a query text may have: an argument nested `jsonDepth` levels,
 * inside selections `queryDepth` deep, with room for the operation and argument brackets.
 */
export function maxDocumentNesting(limits: ApiLimits): number {
  return limits.jsonDepth + limits.queryDepth + 10;
}

/**
 * Refuses, before GraphQL parses it, a query text whose brackets nest deeper than
 * {@link maxDocumentNesting}: graphql-js parses (and reads literal values) recursively, and a
 * few thousand levels overflow the stack. The refusal is `BAD_USER_INPUT` with
 * `limit: "jsonDepth"` and the location of the offending bracket.
 */
export function documentNestingPlugin(limits: ApiLimits): Plugin {
  const maxDepth = maxDocumentNesting(limits);
  return {
    onParse({ params }) {
      const source = typeof params.source === 'string' ? new Source(params.source) : params.source;
      const offset = tooDeepOffset(source.body, maxDepth);
      if (offset === -1) return;
      const { line, column } = getLocation(source, offset);
      throw new GraphQLError(
        `The query text nests brackets more than ${maxDepth} levels deep (line ${line}, column ${column}). Argument values may be nested at most ${limits.jsonDepth} levels (limit jsonDepth) and selections ${limits.queryDepth} (limit queryDepth).`,
        { source, positions: [offset], extensions: { code: 'BAD_USER_INPUT', limit: 'jsonDepth' } },
      );
    },
  };
}
