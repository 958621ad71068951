import { HeadwaterError } from '@headwater/core';

const marker = 'headwater.agent.platform-error';
const symbol = Symbol.for(marker);

/**
 * The platform an agent runs flows on refused or failed: the Docker engine is unreachable,
 * an image is missing or its pull was denied, a container or process would not start.
 * The message carries the platform's own answer.
 */
export class AgentPlatformError extends HeadwaterError {
  readonly [symbol] = true;
  /** The agent type, e.g. `DockerAgent`. */
  readonly platform: string;
  /** The flow run being deployed, when there was one. */
  readonly flowRunId: string | undefined;

  constructor({
    platform,
    message,
    flowRunId,
    cause,
  }: { platform: string; message: string; flowRunId?: string; cause?: unknown }) {
    super({ code: 'AGENT_PLATFORM', message, cause });
    this.name = 'AgentPlatformError';
    this.platform = platform;
    this.flowRunId = flowRunId;
  }

  static override isInstance(error: unknown): error is AgentPlatformError {
    return HeadwaterError.hasMarker(error, marker);
  }
}
