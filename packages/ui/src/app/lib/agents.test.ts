import { describe, expect, it } from 'vitest';
import type { Agent } from '../api/types.js';
import { hasAgentFor, isAgentActive } from './agents.js';

const now = Date.UTC(2024, 0, 1, 12);
const agent = (labels: string[], secondsAgo: number | null): Agent => ({
  id: labels.join(',') || 'none',
  name: null,
  type: 'DockerAgent',
  labels,
  coreVersion: null,
  storageTypes: null,
  lastQueried: secondsAgo === null ? null : new Date(now - secondsAgo * 1000).toISOString(),
  created: new Date(now).toISOString(),
});

describe('agents', () => {
  it('counts an agent active only when it queried recently', () => {
    expect(isAgentActive(agent([], 30), now)).toBe(true);
    expect(isAgentActive(agent([], 600), now)).toBe(false);
    expect(isAgentActive(agent([], null), now)).toBe(false);
  });

  it('follows the queue rule: run labels are a subset of the agent labels; labelled agents skip unlabeled runs', () => {
    expect(hasAgentFor(['gpu'], [agent(['gpu', 'eu'], 5)], now)).toBe(true);
    expect(hasAgentFor(['gpu', 'us'], [agent(['gpu', 'eu'], 5)], now)).toBe(false);
    expect(hasAgentFor([], [agent(['gpu'], 5)], now)).toBe(false);
    expect(hasAgentFor([], [agent([], 5)], now)).toBe(true);
    expect(hasAgentFor(['gpu'], [agent(['gpu'], 900)], now)).toBe(false);
  });
});
