export type {
  ApiInfo,
  ApiToken,
  AuthInfo,
  CachedTaskRunState,
  ConcurrencyLimit,
  ConcurrencyLimitTarget,
  FlowDetail,
  FlowGroup,
  FlowGroupScheduleInput,
  FlowParameter,
  FlowRunClaim,
  FlowRunClaims,
  FlowRunInfo,
  FlowRunSummary,
  FlowSummary,
  LogLevel,
  Page,
  PageOptions,
  Project,
  ResumedFlowRun,
  RunLog,
  Secret,
  SetStateResult,
  StateRecord,
  TaskRunInfo,
  TaskRunSummary,
  TaskSummary,
  TokenScope,
} from './api-types.js';
export { DEFAULT_API_URL, graphqlEndpoint, normalizeApiUrl, parseApiUrls } from './api-url.js';
export { checkContextName, defaultContextName } from './auth/context-name.js';
export type { SaveContextInput, SavedContext } from './auth/context-store.js';
export { ContextStore } from './auth/context-store.js';
export type {
  ClientConfig,
  Connection,
  ResolveConnectionOptions,
  SettingSource,
} from './auth/resolve-connection.js';
export { resolveConnection } from './auth/resolve-connection.js';
export type { StoredToken } from './auth/token-store.js';
export { slugifyApiUrl, TokenStore } from './auth/token-store.js';
export type {
  CallOptions,
  ClientOptions,
  CreatedFlow,
  CreatedFlowRun,
  CreateFlowOptions,
  CreateFlowRunInput,
  FlowRunStateWrite,
  RunLogInput,
  StateInput,
  TaskRunStateWrite,
} from './client.js';
export { Client } from './client.js';
export type { DeployedFlow, DeployOptions } from './deploy.js';
export { deployFlow } from './deploy-flow.js';
export { AuthorizationError } from './errors/authorization-error.js';
export type { ClientErrorDetails } from './errors/client-error.js';
export { ClientError } from './errors/client-error.js';
export { ContextNotFoundError } from './errors/context-not-found-error.js';
export { DeployError } from './errors/deploy-error.js';
export { NotFoundError } from './errors/not-found-error.js';
export { ProjectNotFoundError } from './errors/project-not-found-error.js';
export { VersionLockError } from './errors/version-lock-error.js';
export type {
  GraphQLRequestOptions,
  GraphQLTransportOptions,
  RetryOptions,
} from './transport/graphql-transport.js';
export { GraphQLTransport } from './transport/graphql-transport.js';
