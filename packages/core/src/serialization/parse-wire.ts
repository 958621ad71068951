import type { z } from 'zod';
import { WireFormatError, type WireFormatIssue } from '../errors/wire-format-error.js';

/** A JSON path for an issue path: `tasks[2].max_retries`, `$` for the root. */
export function jsonPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else if (typeof key === 'string' && /^[A-Za-z_$][\w$]*$/.test(key)) out += out === '' ? key : `.${key}`;
    else out += `[${JSON.stringify(String(key))}]`;
  }
  return out === '' ? '$' : out;
}

const expectedOf = (issue: z.core.$ZodIssue): string | undefined => {
  if (issue.code === 'invalid_type') return issue.expected;
  if (issue.code === 'invalid_union' && 'options' in issue && Array.isArray(issue.options)) {
    return (issue.options as unknown[]).map((o) => JSON.stringify(o)).join(' | ');
  }
  if (issue.code === 'invalid_value') return issue.values.map((v) => JSON.stringify(v)).join(' | ');
  return undefined;
};

/** Converts zod issues to wire issues. */
export function toWireIssues(
  issues: readonly z.core.$ZodIssue[],
  prefix: readonly PropertyKey[] = [],
): WireFormatIssue[] {
  return issues.map((issue) => {
    const expected = expectedOf(issue);
    return {
      path: jsonPath([...prefix, ...issue.path]),
      message: issue.message,
      ...(expected === undefined ? {} : { expected }),
    };
  });
}

/** Parses `input` with `schema`; a mismatch throws a {@link WireFormatError} for `kind`. */
export function parseWire<S extends z.ZodType>(schema: S, input: unknown, kind: string): z.output<S> {
  const result = schema.safeParse(input);
  if (!result.success) throw new WireFormatError({ kind, issues: toWireIssues(result.error.issues) });
  return result.data;
}
