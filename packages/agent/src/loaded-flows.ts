import type { AgentPlatformV2 } from './agent-platform.js';

/**
 * The flows an agent's claims say it has a loaded run process waiting for (`loadedFlowIds`),
 * once per process: what its platform says it has loaded, less one process for each run of
 * the flow the agent is handing to the platform right now (that run takes one). The API hands
 * that many runs of each flow already Running, for those processes to adopt.
 */
export class LoadedFlows {
  readonly #platform: AgentPlatformV2;
  readonly #starting = new Map<string, number>();
  #apiKnows = true;

  constructor(platform: AgentPlatformV2) {
    this.#platform = platform;
  }

  /** The list for a claim of up to `limit` runs; undefined when there is none to send. */
  forClaim(limit: number): string[] | undefined {
    if (!this.#apiKnows || !this.#platform.loadedFlowIds) return undefined;
    const taken = new Map(this.#starting);
    const loaded: string[] = [];
    for (const flowId of this.#platform.loadedFlowIds()) {
      const starting = taken.get(flowId) ?? 0;
      if (starting > 0) taken.set(flowId, starting - 1);
      else if (loaded.length < limit) loaded.push(flowId);
    }
    return loaded.length > 0 ? loaded : undefined;
  }

  /** A run of `flowId` is being handed to the platform; call the result once it was (or was not). */
  starting(flowId: string): () => void {
    this.#starting.set(flowId, (this.#starting.get(flowId) ?? 0) + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const left = (this.#starting.get(flowId) ?? 1) - 1;
      if (left > 0) this.#starting.set(flowId, left);
      else this.#starting.delete(flowId);
    };
  }

  /** The API is older than `loadedFlowIds`: claims go without it from now on. False when they already did. */
  refusedByApi(): boolean {
    const knew = this.#apiKnows;
    this.#apiKnows = false;
    return knew;
  }
}
