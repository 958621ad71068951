export type { BullMQExecutorOptions } from './bullmq-executor.js';
export { BullMQExecutor } from './bullmq-executor.js';
