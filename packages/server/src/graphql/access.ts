import type { AuthContext } from '../auth/api-tokens.js';
import { ApiError } from '../errors/api-error.js';
import type { GraphQLContext } from './context.js';

/** Root fields that need no token. */
const PUBLIC_FIELDS = new Set(['Query.hello']);

/** Root fields a RUNNER token may use: what agents and flow runs need. */
const RUNNER_FIELDS = new Set([
  'Query.api',
  'Query.authInfo',
  'Query.referenceData',
  'Query.flows',
  'Query.flow',
  'Query.flowGroup',
  'Query.flowRuns',
  'Query.flowRun',
  'Query.taskRuns',
  'Query.taskRun',
  'Query.flowRunStates',
  'Query.taskRunStates',
  'Query.logs',
  'Query.storageTypes',
  'Mutation.getRunsInQueue',
  'Mutation.registerAgent',
  'Mutation.setFlowRunStates',
  'Mutation.setTaskRunStates',
  'Mutation.getOrCreateTaskRun',
  'Mutation.updateFlowRunHeartbeat',
  'Mutation.updateTaskRunHeartbeat',
  'Mutation.writeRunLogs',
  'Subscription.flowRunUpdated',
]);

/** Throws UNAUTHENTICATED / FORBIDDEN unless the caller may use root field `type.field`. */
export function authorize(context: GraphQLContext, type: string, field: string): AuthContext | null {
  const name = `${type}.${field}`;
  if (PUBLIC_FIELDS.has(name)) return context.auth;
  if (!context.auth) {
    throw (
      context.authError ??
      new ApiError({
        code: 'UNAUTHENTICATED',
        message: 'This request needs an API token: send "Authorization: Bearer <token>".',
      })
    );
  }
  if (context.auth.scope !== 'USER' && !RUNNER_FIELDS.has(name)) {
    throw new ApiError({
      code: 'FORBIDDEN',
      message: `A ${context.auth.scope} token may not use ${field}; use a USER token.`,
    });
  }
  return context.auth;
}

type AnyResolver = (parent: unknown, args: any, context: GraphQLContext, info: any) => unknown;

/**
 * Wraps every root resolver of `resolvers` (Query, Mutation, Subscription) with
 * {@link authorize}, so no field can be added without an access decision.
 */
export function guardRootResolvers<R extends Record<string, any>>(resolvers: R): R {
  const guarded: Record<string, any> = { ...resolvers };
  for (const type of ['Query', 'Mutation', 'Subscription']) {
    const fields = resolvers[type] as Record<string, any> | undefined;
    if (!fields) continue;
    guarded[type] = Object.fromEntries(
      Object.entries(fields).map(([field, resolver]) => {
        if (typeof resolver === 'function') {
          const fn = resolver as AnyResolver;
          return [
            field,
            (parent: unknown, args: any, context: GraphQLContext, info: any) => {
              authorize(context, type, field);
              return fn(parent, args, context, info);
            },
          ];
        }
        const subscribe = resolver.subscribe as AnyResolver;
        return [
          field,
          {
            ...resolver,
            subscribe: (parent: unknown, args: any, context: GraphQLContext, info: any) => {
              authorize(context, type, field);
              return subscribe(parent, args, context, info);
            },
          },
        ];
      }),
    );
  }
  return guarded as R;
}
