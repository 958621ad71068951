import { HeadwaterError } from '@headwater/core/base';

const marker = 'headwater.client.deploy-error';
const symbol = Symbol.for(marker);

/**
 * A deploy was refused before the flow was registered. `code`: `DEPLOY_NO_STORAGE` (nothing
 * to build), `DEPLOY_SCHEDULED_REQUIRED_PARAMETERS` (a schedule cannot fill required
 * parameters), `DEPLOY_ROUND_TRIP` (the metadata does not load back).
 */
export class DeployError extends HeadwaterError {
  readonly [symbol] = true;
  readonly flowName: string;

  constructor({
    code,
    message,
    flowName,
    cause,
  }: { code: string; message: string; flowName: string; cause?: unknown }) {
    super({ code, message, cause });
    this.name = 'DeployError';
    this.flowName = flowName;
  }

  static override isInstance(error: unknown): error is DeployError {
    return HeadwaterError.hasMarker(error, marker);
  }
}
