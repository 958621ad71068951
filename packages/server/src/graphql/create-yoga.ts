import { EnvelopArmorPlugin } from '@escape.tech/graphql-armor';
import { GraphQLError } from 'graphql';
import { createSchema, createYoga, type Plugin, type YogaServerInstance } from 'graphql-yoga';
import { type ConcurrencySettings, DEFAULT_CONCURRENCY } from '../api/concurrency-limits.js';
import type { ApiLimits } from '../api/limits.js';
import type { Store } from '../api/store.js';
import type { TokenAuthenticator } from '../auth/api-tokens.js';
import { ApiError } from '../errors/api-error.js';
import { typeDefs } from '../schema/type-defs.generated.js';
import type { SecretsKey } from '../secrets/secrets-key.js';
import type { GraphQLContext, ServerInfo } from './context.js';
import { corsPolicy } from './cors.js';
import { documentNestingPlugin } from './document-nesting.js';
import { introspectionAccessPlugin } from './introspection-access.js';
import { createLoaders } from './loaders.js';
import { apiResolvers } from './resolvers.js';
import type { RunEvents } from './run-events.js';

const INTERNAL_MESSAGE = 'Unable to complete operation. An internal API error occurred.';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Options of {@link createApiYoga}. */
export interface ApiYogaOptions {
  store: Store;
  limits: ApiLimits;
  info: ServerInfo;
  events: RunEvents;
  authenticator: TokenAuthenticator;
  subscriptionPollMs: number;
  /** An agent whose last poll is at most this old counts as connected. */
  agentConnectedWithinMs: number;
  shutdown: AbortSignal;
  /** Receives errors that are hidden from the caller as INTERNAL. */
  onInternalError: (error: unknown) => void;
  /** Other web origins whose pages may call the API (see {@link corsPolicy}). */
  corsOrigins: readonly string[];
  /** The key secrets are sealed with; none: secret operations are `NOT_CONFIGURED`. */
  secretsKey?: SecretsKey | null;
  /** How concurrency limits are enforced. @default DEFAULT_CONCURRENCY */
  concurrency?: ConcurrencySettings;
}

/**
 * `instanceof GraphQLError` is unreliable: graphql ships ESM and CommonJS builds, and tools may
 * load either, so errors are recognised by name.
 */
function isGraphQLError(error: unknown): error is GraphQLError {
  return error instanceof Error && error.name === 'GraphQLError';
}

function withExtensions(error: GraphQLError, extensions: Record<string, unknown>): GraphQLError {
  return new GraphQLError(error.message, {
    nodes: error.nodes,
    source: error.source,
    positions: error.positions,
    path: error.path,
    extensions: { ...error.extensions, ...extensions },
  });
}

const API_CODES = new Set([
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'BAD_USER_INPUT',
  'NOT_FOUND',
  'VERSION_LOCKING_ERROR',
  'CONFLICT',
  'NOT_CONFIGURED',
  'INTERNAL',
]);

function normalizeError(error: GraphQLError): GraphQLError {
  const code = error.extensions?.code;
  if (typeof code === 'string' && API_CODES.has(code)) return error;
  // Syntax, validation and coercion errors (and yoga's request errors) are the caller's.
  const { originalError: _originalError, ...rest } = (error.extensions ?? {}) as Record<string, unknown>;
  // A malformed HTTP request (not JSON, no query) keeps its 400 status.
  if (code === 'BAD_REQUEST' && rest.http) rest.http = { status: 400 };
  return new GraphQLError(error.message, {
    nodes: error.nodes,
    source: error.source,
    positions: error.positions,
    path: error.path,
    extensions: { ...rest, code: 'BAD_USER_INPUT', ...(typeof code === 'string' ? { reason: code } : {}) },
  });
}

/** Gives every error one of the API's `extensions.code` values. */
const errorCodesPlugin: Plugin = {
  onResultProcess({ result, setResult }) {
    if (Array.isArray(result) || Symbol.asyncIterator in (result as object)) return;
    const single = result as { errors?: readonly GraphQLError[] };
    if (!single.errors?.length) return;
    setResult({
      ...(result as object),
      errors: single.errors.map((error) => (isGraphQLError(error) ? normalizeError(error) : error)),
    } as never);
  },
};

function tagLimit(limit: string) {
  return [
    (_context: unknown, error: GraphQLError) => {
      Object.assign(error.extensions, { code: 'BAD_USER_INPUT', limit });
    },
  ];
}

/** The GraphQL server of the API, without HTTP transport (see `startServer`). */
export function createApiYoga(
  options: ApiYogaOptions,
): YogaServerInstance<Record<string, unknown>, GraphQLContext> {
  const { store, limits } = options;
  return createYoga<Record<string, unknown>, GraphQLContext>({
    schema: createSchema<Record<string, unknown> & GraphQLContext>({
      typeDefs,
      resolvers: apiResolvers as never,
    }),
    graphqlEndpoint: '/graphql',
    cors: corsPolicy(options.corsOrigins),
    logging: false,
    landingPage: false,
    batching: false,
    // The HTTP handler refuses bodies over `limits.bodyBytes` as it reads them; yoga's own limit
    // would pipe every body through one more stream.
    maxRequestBodySize: false,
    graphiql: { title: 'Headwater API' },
    maskedErrors: {
      maskError(error) {
        const original = isGraphQLError(error) ? (error.originalError ?? error) : error;
        if (ApiError.isInstance(original)) {
          const extensions: Record<string, unknown> = { code: original.code };
          if (original.limit) extensions.limit = original.limit;
          if (original.details) extensions.details = original.details;
          return isGraphQLError(error)
            ? new GraphQLError(original.message, { nodes: error.nodes, path: error.path, extensions })
            : new GraphQLError(original.message, { extensions });
        }
        if (isGraphQLError(original)) {
          // Syntax, validation and variable-coercion errors: the request was wrong.
          const code = original.extensions?.code ?? 'BAD_USER_INPUT';
          return isGraphQLError(error) ? withExtensions(error, { code }) : withExtensions(original, { code });
        }
        options.onInternalError(original);
        return new GraphQLError(INTERNAL_MESSAGE, {
          ...(isGraphQLError(error) ? { nodes: error.nodes, path: error.path } : {}),
          extensions: { code: 'INTERNAL' },
        });
      },
    },
    plugins: [
      documentNestingPlugin(limits),
      EnvelopArmorPlugin({
        maxDepth: { n: limits.queryDepth, ignoreIntrospection: true, onReject: tagLimit('queryDepth') },
        costLimit: { maxCost: limits.queryCost, onReject: tagLimit('queryCost') },
        maxAliases: { n: limits.aliases, onReject: tagLimit('aliases') },
        maxTokens: { n: limits.tokens, onReject: tagLimit('tokens') },
        maxDirectives: { n: 50, onReject: tagLimit('directives') },
        blockFieldSuggestion: { enabled: false },
      }),
      errorCodesPlugin,
      introspectionAccessPlugin,
    ],
    context: async ({ request }): Promise<GraphQLContext> => {
      let auth: GraphQLContext['auth'] = null;
      let authError: ApiError | null = null;
      try {
        auth = await options.authenticator.authenticate(request.headers.get('authorization'));
      } catch (error) {
        if (!ApiError.isInstance(error)) throw error;
        authError = error;
      }
      const agentHeader = request.headers.get('x-headwater-agent-id');
      return {
        store,
        limits,
        info: options.info,
        events: options.events,
        auth,
        authError,
        tokens: options.authenticator,
        loaders: auth
          ? createLoaders(store, auth.tenantId, { agentConnectedWithinMs: options.agentConnectedWithinMs })
          : null,
        agentId: agentHeader && UUID.test(agentHeader) ? agentHeader : null,
        subscriptionPollMs: options.subscriptionPollMs,
        secretsKey: options.secretsKey ?? null,
        concurrency: options.concurrency ?? DEFAULT_CONCURRENCY,
        shutdown: options.shutdown,
        request,
      };
    },
  });
}
