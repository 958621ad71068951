export type { StorageBackendSuiteOptions } from './describe-storage-backend.js';
export {
  conformanceFlowsModule,
  describeStorageBackend,
  recordingReporter,
} from './describe-storage-backend.js';
