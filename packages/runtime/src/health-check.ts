export type { HealthCheckCommandOptions } from './entrypoint/health-check-command.js';
export { runHealthCheckCommand } from './entrypoint/health-check-command.js';
