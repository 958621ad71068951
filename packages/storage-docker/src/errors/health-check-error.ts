import { HeadwaterError } from '@headwater/core';

const marker = 'headwater.storage-docker.health-check-error';
const symbol = Symbol.for(marker);

/**
 * The health check that runs inside the image while it is built failed: a flow did not
 * load, serialized differently from the host, a dependency did not import, or the image's
 * Node major differs from the deploying one. `output` holds the real error and stack.
 */
export class HealthCheckError extends HeadwaterError {
  readonly [symbol] = true;
  readonly flows: readonly string[];
  /** What the health check printed inside the image (errors and stacks). */
  readonly output: string;

  constructor({ flows, output, cause }: { flows: readonly string[]; output: string; cause?: unknown }) {
    super({
      code: 'HEALTH_CHECK_FAILED',
      message:
        `The health check inside the image failed for flow(s) ${flows.join(', ')}. ` +
        'A package the flow imports at run time may be missing from `dependencies`, or the flow module may ' +
        'depend on something only present on this machine. To look inside, build with `push: false` and run ' +
        `the image (see the @headwater/storage-docker README). Inside the image:\n${output}`,
      cause,
    });
    this.name = 'HealthCheckError';
    this.flows = flows;
    this.output = output;
  }

  static override isInstance(error: unknown): error is HealthCheckError {
    return HeadwaterError.hasMarker(error, marker);
  }
}
