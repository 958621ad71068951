import { BREAK, type DocumentNode, GraphQLError, visit } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { ApiError } from '../errors/api-error.js';
import type { GraphQLContext } from './context.js';

const INTROSPECTION_FIELDS = new Set(['__schema', '__type']);

/** True when `document` asks for `__schema` or `__type` anywhere (fragments included). */
export function asksForIntrospection(document: DocumentNode): boolean {
  let found = false;
  visit(document, {
    Field(node) {
      if (!INTROSPECTION_FIELDS.has(node.name.value)) return undefined;
      found = true;
      return BREAK;
    },
  });
  return found;
}

/**
 * Introspection (`__schema`, `__type`) is for callers with a valid token of any scope; an
 * anonymous one gets UNAUTHENTICATED, like every other field but `hello`. (`__typename` stays
 * open.) Checked before execution, once the request's token has been read.
 */
export const introspectionAccessPlugin: Plugin<GraphQLContext> = {
  onExecute({ args, setResultAndStopExecution }) {
    const context = args.contextValue as GraphQLContext;
    if (context.auth || !asksForIntrospection(args.document)) return;
    const refusal =
      context.authError ??
      new ApiError({
        code: 'UNAUTHENTICATED',
        message: 'Introspection needs an API token: send "Authorization: Bearer <token>".',
      });
    setResultAndStopExecution({
      errors: [new GraphQLError(refusal.message, { extensions: { code: refusal.code } })],
    });
  },
};
