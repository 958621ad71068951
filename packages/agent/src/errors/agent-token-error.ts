import { HeadwaterError } from '@headwater/core';

const marker = 'headwater.agent.token-error';
const symbol = Symbol.for(marker);

/** The agent has no API token, or one without the RUNNER scope; it refuses to poll. */
export class AgentTokenError extends HeadwaterError {
  readonly [symbol] = true;
  /** The scope the token has, when the API answered. */
  readonly scope: string | undefined;

  constructor({ message, scope, cause }: { message: string; scope?: string; cause?: unknown }) {
    super({ code: 'AGENT_TOKEN', message, cause });
    this.name = 'AgentTokenError';
    this.scope = scope;
  }

  static override isInstance(error: unknown): error is AgentTokenError {
    return HeadwaterError.hasMarker(error, marker);
  }
}
