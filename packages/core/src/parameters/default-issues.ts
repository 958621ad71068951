import { jsonSchemaIssues } from './check-parameter-values.js';
import { issueFromStandard } from './describe-mismatch.js';
import { type CheckedSchema, isStandardSchema } from './parameter-schema.js';

/**
 * What the schema says against a parameter's default (`path: message` texts; empty when it
 * is accepted, absent, or only an asynchronous schema could tell — that is checked at run).
 */
export function defaultIssues(parameter: {
  readonly name: string;
  readonly default: unknown;
  readonly schema: CheckedSchema | undefined;
}): string[] {
  const { name, schema } = parameter;
  if (parameter.default === undefined || schema === undefined) return [];
  if (!isStandardSchema(schema)) {
    return jsonSchemaIssues([{ name, schema }], { [name]: parameter.default }).map(
      (issue) => `${issue.path}: ${issue.message}`,
    );
  }
  const result = schema['~standard'].validate(parameter.default);
  if (result instanceof Promise || result.issues === undefined) return [];
  return result.issues.map((issue) => {
    const { path, message } = issueFromStandard(name, issue);
    return `${path}: ${message}`;
  });
}
