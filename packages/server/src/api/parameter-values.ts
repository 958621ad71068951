import { HeadwaterError, jsonSchemaIssues, type ParameterIssue } from '@headwater/core';
import type { FlowTable } from '../database/tables.js';
import { fromJson } from '../database/values.js';
import { ApiError } from '../errors/api-error.js';
import type { FlowWithGroup } from './flow-with-group.js';
import type { FlowParameterModel } from './models.js';

/**
 * The values in `parameters` that the JSON Schemas of `flow`'s parameters refuse, each named by
 * its path (`parameters.x`, `parameters.rows[2].id`). Parameters without a schema (flows of the
 * original Python implementation, or registered before schemas existed) take any value.
 * Each schema was compiled when the flow was created; the check stops at a value's first
 * mismatch, so its cost is bounded by the schema and the value.
 */
export function parameterIssues(
  flow: Pick<FlowTable, 'parameters'>,
  parameters: Readonly<Record<string, unknown>>,
): ParameterIssue[] {
  const declared = fromJson<FlowParameterModel[]>(flow.parameters) ?? [];
  if (!declared.some((p) => p.schema != null)) return [];
  try {
    return jsonSchemaIssues(declared, parameters);
  } catch (error) {
    if (!HeadwaterError.isInstance(error)) throw error;
    throw new ApiError({
      code: 'INTERNAL',
      message: `A stored parameter schema cannot be used: ${error.message}`,
      cause: error,
    });
  }
}

/** `issues` as lines for a message, each with where its value came from when not the caller. */
export function describeIssues(
  issues: readonly ParameterIssue[],
  sourceOf: (name: string) => string | undefined = () => undefined,
): string {
  return issues
    .map((issue) => {
      const source = sourceOf(issue.parameter);
      return `${issue.path}: ${issue.message}${source === undefined ? '' : ` (${source})`}`;
    })
    .join('; ');
}

/**
 * Where a run's value of a parameter came from, for messages: `undefined` when the caller gave
 * it, else the flow group's default parameters or the flow's own default.
 */
export function valueSource(
  flow: Pick<FlowWithGroup, 'group_default_parameters'>,
  supplied: Readonly<Record<string, unknown>>,
): (name: string) => string | undefined {
  const group = fromJson<Record<string, unknown> | null>(flow.group_default_parameters) ?? {};
  return (name) =>
    name in supplied
      ? undefined
      : name in group
        ? "from the flow group's default parameters; change them with setFlowGroupDefaultParameters"
        : "the flow's default";
}

/**
 * Refuses a run's parameters that `flow`'s parameter schemas refuse: `BAD_USER_INPUT` naming
 * the path of each bad value, with `extensions.details.issues` (`[{ path, message }]`).
 * `sourceOf` says where a value came from when the caller did not give it.
 *
 * @example
 * ```ts
 * checkParameterValues(flow, { x: 'notanumber' });
 * // ApiError BAD_USER_INPUT: Parameter values do not match what flow etl (…) declares: parameters.x: expected number, got string "notanumber". …
 * ```
 */
export function checkParameterValues(
  flow: Pick<FlowTable, 'parameters' | 'id' | 'name'>,
  parameters: Readonly<Record<string, unknown>>,
  sourceOf?: (name: string) => string | undefined,
): void {
  const issues = parameterIssues(flow, parameters);
  if (issues.length === 0) return;
  throw new ApiError({
    code: 'BAD_USER_INPUT',
    message: `Parameter values do not match what flow ${flow.name} (${flow.id}) declares: ${describeIssues(issues, sourceOf)}. Give values of the declared types.`,
    details: { issues },
  });
}
