import { HeadwaterError } from './headwater-error.js';

const marker = 'headwater.error.deploy-options';
const symbol = Symbol.for(marker);

/**
 * `flow.deploy(project, options)` got storage options for a flow that already has storage.
 * They only create the default storage of a flow without one; silently dropping them would
 * deploy something other than what was asked.
 */
export class DeployOptionsError extends HeadwaterError {
  readonly [symbol] = true;
  readonly flowName: string;
  /** The storage options that would have been ignored. */
  readonly options: string[];

  constructor({
    flowName,
    storageName,
    options,
  }: { flowName: string; storageName: string; options: string[] }) {
    super({
      code: 'DEPLOY_OPTIONS',
      message: `Flow "${flowName}" already has ${storageName} storage, so the storage option(s) ${options.join(', ')} given to flow.deploy would be ignored. Set them on the storage itself where it is created (e.g. createDockerStorage({ … }), which names any it does not know), or leave flow.storage unset to have deploy create it from these options.`,
    });
    this.name = 'DeployOptionsError';
    this.flowName = flowName;
    this.options = options;
  }

  static override isInstance(error: unknown): error is DeployOptionsError {
    return HeadwaterError.hasMarker(error, marker);
  }
}
