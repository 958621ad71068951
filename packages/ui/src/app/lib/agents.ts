import type { Agent } from '../api/types.js';

/**
 * An agent that queried within this long counts as active: the server's default window for
 * connected agents (`agentConnectedWithinMs`), which `FlowRun.waitingFor` goes by.
 */
export const AGENT_ACTIVE_WITHIN_MS = 60_000;

export function isAgentActive(agent: Pick<Agent, 'lastQueried'>, now: number = Date.now()): boolean {
  return agent.lastQueried !== null && now - new Date(agent.lastQueried).getTime() <= AGENT_ACTIVE_WITHIN_MS;
}

/**
 * True when some active agent would pick up a run with these labels: the run's labels must all be
 * among the agent's, and an agent with labels does not take unlabeled runs (the server's queue rule).
 */
export function hasAgentFor(
  runLabels: readonly string[],
  agents: readonly Agent[],
  now: number = Date.now(),
): boolean {
  return agents.some((agent) => {
    if (!isAgentActive(agent, now)) return false;
    if (runLabels.length === 0) return agent.labels.length === 0;
    return runLabels.every((label) => agent.labels.includes(label));
  });
}
