export type { EnvironmentPluginV1 } from './load-environment.js';
export { environmentFromSerialized, loadEnvironment } from './load-environment.js';
export type { LocalEnvironmentOptions } from './local-environment.js';
export { LocalEnvironment } from './local-environment.js';
export type { RemoteEnvironmentOptions } from './remote-environment.js';
export { RemoteEnvironment } from './remote-environment.js';
