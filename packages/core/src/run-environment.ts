/**
 * Environment variables an agent sets on every flow-run container or process. They follow
 * the config rule `HEADWATER__SECTION__KEY` → `section.key`.
 */
export const RUN_ENVIRONMENT = {
  /** Base URL of the Headwater API, e.g. `http://127.0.0.1:4200`. */
  api: 'HEADWATER__CLOUD__API',
  /** The RUNNER token the run reports with. */
  authToken: 'HEADWATER__CLOUD__AUTH_TOKEN',
  /** Id of the flow run to execute. */
  flowRunId: 'HEADWATER__CONTEXT__FLOW_RUN_ID',
  /** Log level inside the run (`DEBUG`, `INFO`, …). */
  logLevel: 'HEADWATER__LOGGING__LEVEL',
  /** Whether logs are shipped to the API (`true`/`false`). */
  logToCloud: 'HEADWATER__LOGGING__LOG_TO_CLOUD',
} as const;
