export type { BullMQWorker, BullMQWorkerOptions } from './bullmq-worker.js';
export { startBullMQWorker } from './bullmq-worker.js';
