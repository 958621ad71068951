import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  deployLocal,
  runnerToken,
  type ServerUnderTest,
  startProcessAgent,
  startServerUnderTest,
} from './support/server-under-test.js';
import { finalState, readMarks } from './support/waiting.js';

describe('the reliability harness: a server process, `headwater deploy` and a process agent', () => {
  let server: ServerUnderTest;
  beforeAll(async () => {
    server = await startServerUnderTest({ database: 'sqlite' });
  }, 120_000);
  afterAll(() => server?.close());

  it('runs a three-task flow to Success, each task once', async () => {
    const flows = await deployLocal(server, join(import.meta.dirname, 'fixtures', 'three-tasks.ts'));
    const agent = startProcessAgent(server, await runnerToken(server));
    try {
      const marks = join(server.scratch, 'marks.log');
      const { id } = await server.admin.createFlowRun({
        flowId: flows.get('three-tasks')!,
        parameters: { marks, pause_ms: 10 },
      });
      expect(await finalState(server.admin, id)).toBe('Success');
      expect(readMarks(marks).map((m) => m.what)).toEqual(['first', 'second', 'third']);
    } finally {
      await agent.stop();
    }
  }, 180_000);
});
