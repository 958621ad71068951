export type { StorageBackendSuiteOptions } from './describe-storage-backend.js';
export { conformanceFlowsModule, describeStorageBackend } from './describe-storage-backend.js';
export { recordingReporter } from './recording-reporter.js';
export type { DeployedRunOutcome, ProductionRunOptions } from './run-deployed-flow.js';
export { runDeployedFlow } from './run-deployed-flow.js';
