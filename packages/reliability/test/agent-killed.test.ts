import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { storedLogMessages } from './support/logs.js';
import { processesWith } from './support/processes.js';
import {
  databases,
  deployLocal,
  runnerToken,
  type ServerUnderTest,
  startProcessAgent,
  startServerUnderTest,
} from './support/server-under-test.js';
import { eventually, finalState, readMarks } from './support/waiting.js';

const LAST_LINES = ['first', 'second', 'third'].flatMap((name) => [`${name}: line 4`, `${name}: done`]);

describe.each(databases)('a process agent killed (SIGKILL) in the middle of a run, on %s', (database) => {
  let server: ServerUnderTest;
  let flowId: string;
  beforeAll(async () => {
    server = await startServerUnderTest({ database });
    flowId = (await deployLocal(server, join(import.meta.dirname, 'fixtures', 'three-tasks.ts'))).get(
      'three-tasks',
    )!;
  }, 120_000);
  afterAll(() => server?.close());

  // A warm process is one the agent started ahead of time and handed the run id on stdin;
  // the database matters less here than the time, so PostgreSQL runs the warm case only.
  it.each(database === 'sqlite' ? ['fresh', 'warm'] : ['warm'])(
    'leaves a run in a %s process to finish: Success, each task once, every log line stored',
    async (start) => {
      const agent = startProcessAgent(server, await runnerToken(server), {
        name: `agent-${start}`,
        runEnv: { HEADWATER__LOGGING__FLUSH_INTERVAL: '0.2' },
      });
      try {
        if (start === 'warm') {
          const marks = join(server.scratch, 'warm-up.log');
          const warmUp = await server.admin.createFlowRun({ flowId, parameters: { marks, pause_ms: 10 } });
          expect(await finalState(server.admin, warmUp.id, 60_000)).toBe('Success');
        }
        const marks = join(server.scratch, `${start}.log`);
        const { id } = await server.admin.createFlowRun({ flowId, parameters: { marks, pause_ms: 1500 } });
        await eventually('the second task to start', () =>
          readMarks(marks).some((m) => m.what === 'second') ? true : undefined,
        );
        expect(await agent.stop('SIGKILL')).toBe('SIGKILL');

        expect(await finalState(server.admin, id, 60_000)).toBe('Success');
        expect(readMarks(marks).map((m) => m.what)).toEqual(['first', 'second', 'third']);
        // The final state is written before the last batch of log lines goes.
        const stored = await eventually(
          'the last log lines of every task',
          async () => {
            const messages = await storedLogMessages(server.admin, id);
            return LAST_LINES.every((line) => messages.includes(line)) ? messages : undefined;
          },
          30_000,
        );
        expect(stored.filter((m) => LAST_LINES.includes(m))).toEqual(LAST_LINES);
        // The process the agent kept warm for the next run saw its stdin end and is gone.
        await eventually('no process of this server waiting on standby', () =>
          processesWith(server.scratch, '--standby').length === 0 ? true : undefined,
        );
      } finally {
        await agent.stop('SIGKILL');
      }
    },
    120_000,
  );
});
