import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { storedLogMessages } from './support/logs.js';
import {
  deployLocal,
  runnerToken,
  type ServerUnderTest,
  startProcessAgent,
  startServerUnderTest,
} from './support/server-under-test.js';
import { finalState, readMarks, runProcessExited } from './support/waiting.js';

/** Heartbeats every 0.5 s; a run without one for 3 s is dead to the zombie killer, which looks every 0.5 s. */
const SERVER_ENV = {
  HEADWATER__SERVER__SERVICES__ZOMBIE_KILLER__INTERVAL: '0.5',
  HEADWATER__SERVER__SERVICES__ZOMBIE_KILLER__HEARTBEAT_TIMEOUT: '3',
};
const RUN_ENV = { HEADWATER__CLOUD__HEARTBEAT_INTERVAL: '0.5' };

describe('a task blocking its event loop longer than the zombie timeout, with two agents', () => {
  let server: ServerUnderTest;
  beforeAll(async () => {
    server = await startServerUnderTest({ database: 'sqlite', env: SERVER_ENV });
  }, 120_000);
  afterAll(() => server?.close());

  it('runs once: heartbeats go on, no zombie killing, no second attempt beside the first', async () => {
    const flows = await deployLocal(server, join(import.meta.dirname, 'fixtures', 'blocked-loop.ts'));
    const token = await runnerToken(server);
    const agents = ['a', 'b'].map((name) =>
      startProcessAgent(server, token, { name: `agent-${name}`, runEnv: RUN_ENV }),
    );
    try {
      const marks = join(server.scratch, 'marks.log');
      const { id } = await server.admin.createFlowRun({
        flowId: flows.get('blocked-loop')!,
        parameters: { marks, block_ms: 8000 },
      });
      expect(await finalState(server.admin, id, 60_000)).toBe('Success');
      const owner = agents.find((agent) => agent.output().includes(id))!;
      expect(await runProcessExited(owner, id)).toBe(0);
      expect(readMarks(marks).map((m) => m.what)).toEqual(['busy', 'done']);
      const messages = await storedLogMessages(server.admin, id);
      expect(messages.filter((m) => m.includes('No heartbeat detected'))).toEqual([]);
    } finally {
      await Promise.all(agents.map((agent) => agent.stop()));
    }
  }, 120_000);
});
