import { sanitizeInput } from '../api/input-sanitizer.js';
import type { ApiLimits } from '../api/limits.js';
import type { GraphQLContext } from './context.js';

type AnyResolver = (
  parent: unknown,
  args: Record<string, unknown>,
  context: GraphQLContext,
  info: unknown,
) => unknown;

/** Checks every argument of one field with {@link sanitizeInput}, each under its own name. */
export function sanitizeArguments(args: Record<string, unknown>, limits: ApiLimits): void {
  for (const [name, value] of Object.entries(args))
    sanitizeInput(value, name, { maxDepth: limits.jsonDepth });
}

function sanitized(resolve: AnyResolver): AnyResolver {
  return (parent, args, context, info) => {
    sanitizeArguments(args, context.limits);
    return resolve(parent, args, context, info);
  };
}

/**
 * Wraps every root resolver of `resolvers` (Query, Mutation, Subscription) so that its
 * arguments — literals and variables alike, as GraphQL coerced them — pass
 * {@link sanitizeInput} before the resolver reads them. Only root fields take text or JSON
 * arguments; nested fields take flags.
 */
export function sanitizeRootArguments<R extends Record<string, any>>(resolvers: R): R {
  const wrapped: Record<string, any> = { ...resolvers };
  for (const type of ['Query', 'Mutation', 'Subscription']) {
    const fields = resolvers[type] as Record<string, any> | undefined;
    if (!fields) continue;
    wrapped[type] = Object.fromEntries(
      Object.entries(fields).map(([field, resolver]) => [
        field,
        typeof resolver === 'function'
          ? sanitized(resolver)
          : { ...resolver, subscribe: sanitized(resolver.subscribe) },
      ]),
    );
  }
  return wrapped as R;
}
