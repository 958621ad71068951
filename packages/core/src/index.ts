export type { HeadwaterConfig, LoadConfigOptions, ServerConfig } from './config/config.js';
export {
  DEFAULT_EXECUTOR,
  defaultConfig,
  formatConfig,
  getConfig,
  headwaterHome,
  loadConfig,
  maskSecrets,
  resetConfig,
} from './config/config.js';
export { parseOrigin } from './config/origin.js';
export type { DeployFlowFunction, FlowDeployOptions } from './contracts/deploy.js';
export { DEPLOY_OPTION_KEYS } from './contracts/deploy.js';
export type { DockerDeployOptions } from './contracts/docker-deploy-options.js';
export type { EnvironmentExecuteOptions, EnvironmentV1 } from './contracts/environment.js';
export type { Executor, ExecutorClass } from './contracts/executor.js';
export type {
  ContainerLaunch,
  CustomLaunch,
  FlowLaunch,
  FlowLaunchKind,
  LaunchContext,
  LaunchedRun,
  ProcessLaunch,
  RegistryCredentials,
  RunExit,
} from './contracts/flow-launch.js';
export type { FlowRuntime } from './contracts/flow-runtime.js';
export type { JsonObject, JsonValue } from './contracts/json.js';
export type { ProgressReporter } from './contracts/progress-reporter.js';
export { silentReporter } from './contracts/progress-reporter.js';
export type { ResultHandlerV1, SerializedResultHandler } from './contracts/result-handler.js';
export type { FunctionReference, SerializedEnvironment, SerializedStorage } from './contracts/serialized.js';
export type { StorageBackendV2, StorageBuildOptions, StoragePluginV2 } from './contracts/storage-backend.js';
export { STORAGE_SPECIFICATION_VERSION } from './contracts/storage-backend.js';
export type { TaskRunRequest, TransportedState, TransportedUpstream } from './contracts/task-run-request.js';
export { CacheStore, processCache } from './engine/cache-store.js';
export type { FlowRunnerOptions, FlowRunOptions, FlowRunState, TaskStates } from './engine/flow-runner.js';
export { FlowRunner } from './engine/flow-runner.js';
export { readResult } from './engine/read-result.js';
export type { RunTaskRunRequestOptions } from './engine/run-task-run-request.js';
export { runTaskRunRequest } from './engine/run-task-run-request.js';
export type {
  HookAnswer,
  RunnerHooks,
  StateChange,
  TaskRunInfo,
  TaskRunInitialization,
} from './engine/runner-hooks.js';
export type { TaskIsolation } from './engine/task-isolation.js';
export type { TaskRunSettings, UpstreamStates } from './engine/task-runner.js';
export { TaskRunner } from './engine/task-runner.js';
export { runTaskThread } from './engine/task-thread-entry.js';
export { receiveState, transportState } from './engine/transported-state.js';
export { ConfigError } from './errors/config-error.js';
export { ControlFlowError } from './errors/control-flow-error.js';
export { DeployOptionsError } from './errors/deploy-options-error.js';
export { EndRun } from './errors/end-run.js';
export { FailSignal } from './errors/fail-signal.js';
export { FlowValidationError } from './errors/flow-validation-error.js';
export { HeadwaterError } from './errors/headwater-error.js';
export type { LoopSignalOptions } from './errors/loop-signal.js';
export { LoopSignal } from './errors/loop-signal.js';
export { MetadataOnlyError } from './errors/metadata-only-error.js';
export { MissingPackageError } from './errors/missing-package-error.js';
export { ParameterSchemaError } from './errors/parameter-schema-error.js';
export type { ParameterIssue } from './errors/parameter-value-error.js';
export { ParameterValueError } from './errors/parameter-value-error.js';
export type { PauseSignalOptions } from './errors/pause-signal.js';
export { PauseSignal } from './errors/pause-signal.js';
export { PluginResolutionError } from './errors/plugin-resolution-error.js';
export { ResultSerializationError } from './errors/result-serialization-error.js';
export { RetrySignal } from './errors/retry-signal.js';
export { SkipSignal } from './errors/skip-signal.js';
export { StateSignal } from './errors/state-signal.js';
export type { UnknownOption } from './errors/unknown-options-error.js';
export { UnknownOptionsError } from './errors/unknown-options-error.js';
export type { WireFormatIssue } from './errors/wire-format-error.js';
export { WireFormatError } from './errors/wire-format-error.js';
export { checkEnvironmentExecutor } from './executors/check-environment-executor.js';
export type { LocalConcurrentExecutorOptions } from './executors/local-concurrent-executor.js';
export { LocalConcurrentExecutor } from './executors/local-concurrent-executor.js';
export { LocalExecutor } from './executors/local-executor.js';
export { BUILT_IN_EXECUTORS, resolveExecutor } from './executors/resolve-executor.js';
export type { AddOptions, Bindable, MappedInputs, TaskInputs, Unmapped } from './flow/bindings.js';
export { isUnmapped, unmapped } from './flow/bindings.js';
export { Edge } from './flow/edge.js';
export type { FlowOptions, FlowStateHandler, LocalFlowRunOptions } from './flow/flow.js';
export { Flow } from './flow/flow.js';
export { isLoadingFlows, LOADING_FLOWS, markLoadingFlows } from './flow/loading-flows.js';
export { MetadataEnvironment } from './flow/metadata-environment.js';
export { MetadataStorage } from './flow/metadata-storage.js';
export type { ScheduledRunOptions, ScheduledRunsSummary } from './flow/run-on-schedule.js';
export type {
  HealthCheckOptions,
  HealthCheckResult,
  HealthReport,
  MetadataDifference,
} from './health/health-check.js';
export { healthCheck } from './health/health-check.js';
export type { OptionKeysSpec } from './options/check-option-keys.js';
export { checkOptionKeys } from './options/check-option-keys.js';
export { suggestOption } from './options/suggest-option.js';
export type {
  JsonSchemaOfParameter,
  SchemaOfParameter,
} from './parameters/check-parameter-values.js';
export { checkParameterValues, jsonSchemaIssues } from './parameters/check-parameter-values.js';
export { compileJsonSchema, MAX_JSON_SCHEMA_BYTES } from './parameters/json-schema-validator.js';
export type {
  CheckedSchema,
  FromJsonSchema,
  InferParameter,
  JsonSchema,
  JsonSchemaObject,
  JsonTypeName,
  ParameterSchema,
} from './parameters/parameter-schema.js';
export {
  isStandardSchema,
  isStandardTyped,
  jsonSchemaFromStandard,
} from './parameters/parameter-schema.js';
export { importPackage, packageNameOf } from './plugins/import-package.js';
export { installCommand } from './plugins/install-command.js';
export { nodeConditions } from './plugins/node-conditions.js';
export type { OriginalName } from './plugins/original-names.js';
export { ORIGINAL_EXECUTORS, ORIGINAL_STORAGE } from './plugins/original-names.js';
export { loadPlugins, resetPlugins } from './plugins/plugin-modules.js';
export {
  addPluginSearchPath,
  pluginSearchPaths,
  resetPluginSearchPaths,
} from './plugins/plugin-search-paths.js';
export { RUNTIME_PACKAGE, resolveFlowRuntime } from './plugins/resolve-flow-runtime.js';
export { resolveModule } from './plugins/resolve-module.js';
export type { BuiltIn, ResolveReferenceOptions } from './plugins/resolve-reference.js';
export { parseReference, resolveReference } from './plugins/resolve-reference.js';
export type { JSONResultHandlerOptions } from './results/json-result-handler.js';
export { JSONResultHandler } from './results/json-result-handler.js';
export type { LocalResultHandlerOptions } from './results/local-result-handler.js';
export { LocalResultHandler } from './results/local-result-handler.js';
export { decodeResult, encodeResult } from './results/result-codec.js';
export { resultHandlerFromSerialized } from './results/result-handler-from-serialized.js';
export { RUN_ENVIRONMENT } from './run-environment.js';
export type { ScheduleAdjustment } from './schedules/adjustments.js';
export * as adjustments from './schedules/adjustments.js';
export type { ClockOptions, SerializedClock } from './schedules/clocks.js';
export { Clock, CronClock, DatesClock, IntervalClock } from './schedules/clocks.js';
export type { SerializedDateTimeTZ } from './schedules/date-time-tz.js';
export { fromDateTimeTZ, toDateTimeTZ } from './schedules/date-time-tz.js';
export type { ScheduleFilter } from './schedules/filters.js';
export * as filters from './schedules/filters.js';
export type { ScheduleOptions, SerializedSchedule } from './schedules/schedule.js';
export { Schedule } from './schedules/schedule.js';
export { defaultEnvironment } from './serialization/default-environment.js';
export { deserializeFlow } from './serialization/deserialize-flow.js';
export { deserializeSchedule } from './serialization/deserialize-schedule.js';
export { deserializeState } from './serialization/deserialize-state.js';
export { ENVIRONMENT_TYPES, FLOW_TYPES, STORAGE_TYPES } from './serialization/schemas.js';
export type {
  SerializedEdge,
  SerializedFlow,
  SerializedParameter,
  SerializedParameterSchema,
  SerializedTask,
  SerializedTaskRef,
} from './serialization/serialize-flow.js';
export type {
  ChildFlowRunOutcome,
  ChildFlowRunRequest,
  FlowRunLauncher,
  RunServices,
} from './services/run-services.js';
export type { SecretSource } from './services/secret-source.js';
export { environmentSecrets, secretVariable } from './services/secret-source.js';
export type {
  CachedInput,
  CachedInputsOptions,
  CachedOptions,
  LoopedOptions,
  MappedOptions,
  MetaStateOptions,
  QueuedOptions,
  RetryingOptions,
  SafeResult,
  ScheduledOptions,
  SerializedResult,
  SerializedState,
  StateOptions,
} from './states/state.js';
export {
  Cached,
  Cancelled,
  Cancelling,
  ClientFailed,
  Failed,
  Finished,
  isState,
  Looped,
  Mapped,
  Paused,
  Pending,
  Queued,
  Resume,
  Retrying,
  Running,
  Scheduled,
  Skipped,
  State,
  Submitted,
  Success,
  TimedOut,
  TriggerFailed,
} from './states/state.js';
export type { StateType } from './states/state-hierarchy.js';
export {
  FINISHED_STATES,
  isStateType,
  isStateTypeOf,
  SCHEDULED_LIKE_STATES,
  STATE_PARENTS,
  STATE_TYPES,
  stateTypesOf,
} from './states/state-hierarchy.js';
export { BUILT_IN_STORAGE, loadStorage, resolveStoragePlugin } from './storage/load-storage.js';
export type { CacheValidator } from './tasks/cache-validators.js';
export * as cacheValidators from './tasks/cache-validators.js';
export { Constant } from './tasks/constant.js';
export type { CompareValueOptions, ValueMatcher } from './tasks/control-flow/compare-value.js';
export { CompareValue } from './tasks/control-flow/compare-value.js';
export { ifElse } from './tasks/control-flow/if-else.js';
export type { ResultOf } from './tasks/control-flow/merge.js';
export { Merge, merge } from './tasks/control-flow/merge.js';
export type { Cases } from './tasks/control-flow/switch-case.js';
export { switchCase } from './tasks/control-flow/switch-case.js';
export type { TaskFunction } from './tasks/function-task.js';
export { FunctionTask, task } from './tasks/function-task.js';
export { MetadataTask } from './tasks/metadata-task.js';
export type { ParameterOptions } from './tasks/parameter.js';
export { Parameter, parameter } from './tasks/parameter.js';
export type { FlowToRun, RunFlowInputs, RunFlowOptions } from './tasks/run-flow-task.js';
export { childIdempotencyKey, RunFlowTask, runFlow } from './tasks/run-flow-task.js';
export { SecretTask, secret } from './tasks/secret-task.js';
export type { InputDescription, TaskOptions, TaskStateHandler } from './tasks/task.js';
export { isTask, Task } from './tasks/task.js';
export type { TaskRunContext } from './tasks/task-run-context.js';
export type { SomeBounds, Trigger, TriggerDecision } from './tasks/triggers.js';
export * as triggers from './tasks/triggers.js';
export { VERSION } from './version.js';
export type { VisualizeOptions } from './visualize/visualize-flow.js';
