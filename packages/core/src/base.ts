/**
 * `@headwater/core/base`: the parts of core that load no schema library — the error base
 * class, config loading, the run's environment variable names and the state type names —
 * for code that starts often and talks to the API (the client, quick CLI commands). The same
 * modules as the main entry's, so errors and the loaded config are shared with it.
 */
export type { HeadwaterConfig, LoadConfigOptions } from './config/config.js';
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
export { ConfigError } from './errors/config-error.js';
export { HeadwaterError } from './errors/headwater-error.js';
export { RUN_ENVIRONMENT } from './run-environment.js';
export type { StateType } from './states/state-hierarchy.js';
export { isStateType, STATE_TYPES, stateTypesOf } from './states/state-hierarchy.js';
