import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type ServerUnderTest,
  startProcessAgent,
  startServerUnderTest,
} from './support/server-under-test.js';
import { eventually } from './support/waiting.js';

describe('an agent whose token is revoked while it runs', () => {
  let server: ServerUnderTest;
  beforeAll(async () => {
    server = await startServerUnderTest({ database: 'sqlite' });
  }, 120_000);
  afterAll(() => server?.close());

  it('stops with a non-zero exit, saying the token is no longer valid and how to get a new one', async () => {
    const { token, apiToken } = await server.admin.createApiToken({ name: 'doomed', scope: 'RUNNER' });
    const agent = startProcessAgent(server, token);
    try {
      await eventually('the agent to wait for flow runs', () =>
        agent.output().includes('waiting for flow runs') ? true : undefined,
      );
      await server.admin.revokeApiToken(apiToken.id);
      const code = await eventually(
        'the agent to exit',
        () => agent.child.exitCode ?? agent.child.signalCode ?? undefined,
        30_000,
      );
      expect(code).not.toBe(0);
      expect(agent.output()).toMatch(/revoked or has expired/);
      expect(agent.output()).toContain('headwater auth create-token --name agent --scope RUNNER');
    } finally {
      await agent.stop('SIGKILL');
    }
  }, 60_000);
});
