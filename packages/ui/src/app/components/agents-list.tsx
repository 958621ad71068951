import type { Agent } from '../api/types.js';
import { isAgentActive } from '../lib/agents.js';
import { TimeAgo } from './time-ago.js';

/** Agents with their type, labels and when each last asked for work. */
export function AgentsList({ agents, now }: { agents: Agent[]; now: number }) {
  return (
    <ul className="list">
      {agents.map((agent) => {
        const active = isAgentActive(agent, now);
        return (
          <li key={agent.id}>
            <div style={{ minWidth: 0 }}>
              <div className="primary">{agent.name ?? agent.type}</div>
              <div className="secondary">
                {agent.type}
                {agent.labels.length > 0 ? ` · labels ${agent.labels.join(', ')}` : ' · no labels'}
                {agent.storageTypes ? ` · runs ${agent.storageTypes.join(', ') || 'no'} storage` : ''}
                {agent.coreVersion ? ` · core ${agent.coreVersion}` : ''}
              </div>
            </div>
            <span className={`badge tone-${active ? 'success' : 'cancelled'}`}>
              {active ? 'Active' : 'Last seen'} <TimeAgo iso={agent.lastQueried} fallback="never" />
            </span>
          </li>
        );
      })}
    </ul>
  );
}
