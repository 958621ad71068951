export { HeadwaterError } from './errors/headwater-error.js';
export { RUN_ENVIRONMENT } from './run-environment.js';
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
