import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { storedLogMessages } from './support/logs.js';
import {
  databases,
  deployLocal,
  runnerToken,
  type ServerUnderTest,
  startProcessAgent,
  startServerUnderTest,
} from './support/server-under-test.js';
import { eventually, finalState, readMarks } from './support/waiting.js';

describe.each(databases)('a process agent killed (SIGKILL) in the middle of a run, on %s', (database) => {
  let server: ServerUnderTest;
  beforeEach(async () => {
    server = await startServerUnderTest({ database });
  }, 120_000);
  afterEach(() => server?.close());

  it('leaves the run to finish on its own: Success, each task once, every log line stored', async () => {
    const flows = await deployLocal(server, join(import.meta.dirname, 'fixtures', 'three-tasks.ts'));
    const agent = startProcessAgent(server, await runnerToken(server), {
      runEnv: { HEADWATER__LOGGING__FLUSH_INTERVAL: '0.2' },
    });
    try {
      const marks = join(server.scratch, 'marks.log');
      const { id } = await server.admin.createFlowRun({
        flowId: flows.get('three-tasks')!,
        parameters: { marks, pause_ms: 1500 },
      });
      await eventually('the second task to start', () =>
        readMarks(marks).some((m) => m.what === 'second') ? true : undefined,
      );
      expect(await agent.stop('SIGKILL')).toBe('SIGKILL');

      expect(await finalState(server.admin, id, 60_000)).toBe('Success');
      expect(readMarks(marks).map((m) => m.what)).toEqual(['first', 'second', 'third']);
      const messages = await storedLogMessages(server.admin, id);
      for (const name of ['first', 'second', 'third'])
        expect(messages).toEqual(expect.arrayContaining([`${name}: line 4`, `${name}: done`]));
    } finally {
      await agent.stop('SIGKILL');
    }
  }, 120_000);
});
