/** The kit's recording reporter, for your own tests. */
export { recordingReporter } from '@headwater/storage-kit';
export type { StorageBackendSuiteOptions } from './describe-storage-backend.js';
export { conformanceFlowsModule, describeStorageBackend } from './describe-storage-backend.js';
export type { DeployedRunOutcome, ProductionRunOptions } from './run-deployed-flow.js';
export { runDeployedFlow } from './run-deployed-flow.js';
