import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { storedLogMessages } from './support/logs.js';
import {
  databases,
  deployLocal,
  runnerToken,
  type ServerUnderTest,
  startProcessAgent,
  startServerUnderTest,
} from './support/server-under-test.js';
import { finalState, runProcessExited } from './support/waiting.js';

const LINES = 12_000;
const NUL_AT = 6000;

describe.each(databases)('a task flooding its log, on %s', (database) => {
  let server: ServerUnderTest;
  beforeAll(async () => {
    server = await startServerUnderTest({ database });
  }, 120_000);
  afterAll(() => server?.close());

  it('has every line stored, in order, a line with a NUL costing no other line', async () => {
    const flows = await deployLocal(server, join(import.meta.dirname, 'fixtures', 'log-flood.ts'));
    const agent = startProcessAgent(server, await runnerToken(server));
    try {
      const { id } = await server.admin.createFlowRun({
        flowId: flows.get('log-flood')!,
        parameters: { lines: LINES, nul_at: NUL_AT },
      });
      expect(await finalState(server.admin, id, 60_000)).toBe('Success');
      expect(await runProcessExited(agent, id)).toBe(0);
      const flood = (await storedLogMessages(server.admin, id)).filter((m) => m.startsWith('flood '));
      const expected = Array.from({ length: LINES }, (_, i) =>
        i === NUL_AT ? `flood ${i} \uFFFD nul` : `flood ${i}`,
      );
      expect(flood.length).toBe(LINES);
      expect(flood).toEqual(expected);
    } finally {
      await agent.stop();
    }
  }, 120_000);
});
