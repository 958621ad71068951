import { buildASTSchema, defaultFieldResolver, getNamedType, isObjectType, parse } from 'graphql';
import type { AuthContext, TokenScope } from '../auth/api-tokens.js';
import { ApiError } from '../errors/api-error.js';
import { typeDefs } from '../schema/type-defs.generated.js';
import type { GraphQLContext } from './context.js';

/** Root fields that need no token. */
const PUBLIC_FIELDS = new Set(['Query.hello']);

/**
 * Root fields a RUNNER token may use: what agents and flow runs need. `readRunSecret` and
 * `createFlowRun` check further that the token holds the run they are for (`api/held-runs.ts`).
 */
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
  'Query.cachedTaskRunStates',
  'Query.logs',
  'Query.storageTypes',
  'Mutation.getRunsInQueue',
  'Mutation.claimFlowRuns',
  'Mutation.registerAgent',
  'Mutation.setFlowRunStates',
  'Mutation.setTaskRunStates',
  'Mutation.getOrCreateTaskRun',
  'Mutation.updateFlowRunHeartbeat',
  'Mutation.updateTaskRunHeartbeat',
  'Mutation.writeRunLogs',
  'Mutation.readRunSecret',
  'Mutation.createFlowRun',
  'Subscription.flowRunUpdated',
]);

/**
 * Types only some scopes may read, wherever they are reached: the root fields that list them
 * (`projects`, `agents`, `apiTokens`) need USER, so every field that leads to them
 * (`Flow.project`, `FlowRun.agent`, payloads) does too. A RUNNER token reads what agents and
 * flow runs need: flows with their groups, tasks and edges, flow runs, task runs, states and
 * logs.
 */
const TYPE_SCOPES: Readonly<Record<string, readonly TokenScope[]>> = {
  Project: ['USER'],
  Agent: ['USER'],
  ApiToken: ['USER'],
  Secret: ['USER'],
};

/** Throws UNAUTHENTICATED / FORBIDDEN unless the caller may use root field `type.field`. */
export function authorize(context: GraphQLContext, type: string, field: string): AuthContext | null {
  const name = `${type}.${field}`;
  if (PUBLIC_FIELDS.has(name)) return context.auth;
  if (!context.auth) throw context.authError ?? authorizationMissing();
  if (context.auth.scope !== 'USER' && !RUNNER_FIELDS.has(name)) {
    throw new ApiError({
      code: 'FORBIDDEN',
      message: `A ${context.auth.scope} token may not use ${field}; use a USER token.`,
    });
  }
  return context.auth;
}

/** Throws UNAUTHENTICATED / FORBIDDEN unless the caller may read `typeName` (reached through `via`). */
export function authorizeType(context: GraphQLContext, typeName: string, via: string): void {
  const scopes = TYPE_SCOPES[typeName];
  if (!scopes) return;
  if (!context.auth) throw context.authError ?? authorizationMissing();
  if (!scopes.includes(context.auth.scope)) {
    throw new ApiError({
      code: 'FORBIDDEN',
      message: `A ${context.auth.scope} token may not read ${typeName} data (asked for through ${via}); use a USER token.`,
    });
  }
}

function authorizationMissing(): ApiError {
  return new ApiError({
    code: 'UNAUTHENTICATED',
    message: 'This request needs an API token: send "Authorization: Bearer <token>".',
  });
}

type AnyResolver = (parent: unknown, args: any, context: GraphQLContext, info: any) => unknown;

/**
 * Wraps every field of the schema that returns a type of {@link TYPE_SCOPES} (a root list, a
 * nested object, a payload) with {@link authorizeType}, so each path to the same data gets the
 * same answer, including fields added later.
 */
export function guardRestrictedTypes<R extends Record<string, any>>(resolvers: R): R {
  const schema = buildASTSchema(parse(typeDefs));
  const guarded: Record<string, any> = { ...resolvers };
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith('__')) continue;
    for (const field of Object.values(type.getFields())) {
      const target = getNamedType(field.type).name;
      if (!TYPE_SCOPES[target]) continue;
      const fields = { ...(guarded[type.name] as Record<string, any> | undefined) };
      fields[field.name] = guardField(fields[field.name], target, `${type.name}.${field.name}`);
      guarded[type.name] = fields;
    }
  }
  return guarded as R;
}

function guardField(resolver: unknown, target: string, via: string): unknown {
  if (resolver !== undefined && typeof resolver !== 'function') {
    const subscribe = (resolver as { subscribe: AnyResolver }).subscribe;
    return { ...resolver, subscribe: guarded(subscribe, target, via) };
  }
  return guarded((resolver as AnyResolver | undefined) ?? defaultFieldResolver, target, via);
}

function guarded(fn: AnyResolver, target: string, via: string): AnyResolver {
  return (parent, args, context, info) => {
    authorizeType(context, target, via);
    return fn(parent, args, context, info);
  };
}

/**
 * Wraps every root resolver of `resolvers` (Query, Mutation, Subscription) with
 * {@link authorize}, and every field that leads to a restricted type with
 * {@link authorizeType}, so no field can be added without an access decision.
 */
export function guardResolvers<R extends Record<string, any>>(resolvers: R): R {
  return guardRootFields(guardRestrictedTypes(resolvers));
}

function guardRootFields<R extends Record<string, any>>(resolvers: R): R {
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
