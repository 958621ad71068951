import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  backends,
  createFlowRun,
  errorCode,
  gql,
  gqlData,
  startTestServerWithFlow,
  type TestServer,
} from './helpers.js';

const WRITE = `mutation($input: writeRunLogsInput!) { writeRunLogs(input: $input) { success } }`;
const READ = `query($f: LogFilter!) { logs(filter: $f, first: 500) { totalCount
  nodes { flowRunId taskRunId timestamp level name message info } } }`;

describe.each(backends)('writeRunLogs on $name', (backend) => {
  describe.runIf(backend.available)('', () => {
    let t: TestServer;
    let flowId: string;

    const newRun = async () => (await createFlowRun(t, { flowId, parameters: { x: 1 } })).flowRun;
    const read = async (flowRunId: string) =>
      (await gqlData(t.server, t.token, READ, { f: { flowRunId } })).logs as {
        totalCount: number;
        nodes: any[];
      };

    beforeAll(async () => {
      ({ t, flowId } = await startTestServerWithFlow(backend, 'Logs', 'logged'));
    });
    afterAll(async () => {
      await t?.close();
    });

    it('stores every line as sent: task runs, levels, names and JSON info', async () => {
      const run = await newRun();
      const taskRunId = run.taskRuns[0]!.id;
      const lines = [
        {
          flowRunId: run.id,
          taskRunId,
          level: 'ERROR',
          name: 'task',
          message: 'it said "no"',
          info: { nested: { quote: '"', list: [1, null, 'x'] } },
          timestamp: '2030-01-01T00:00:00.100Z',
        },
        { flowRunId: run.id, message: 'plain', timestamp: '2030-01-01T00:00:01.000Z' },
      ];
      await gqlData(t.server, t.token, WRITE, { input: { logs: lines } });
      expect((await read(run.id)).nodes).toEqual([
        { ...lines[0], info: { nested: { quote: '"', list: [1, null, 'x'] } } },
        { ...lines[1], taskRunId: null, level: 'INFO', name: null, info: null },
      ]);
    });

    it('stores none of a batch that names a task run of another flow run, and says which', async () => {
      const [run, other] = [await newRun(), await newRun()];
      const foreign = other.taskRuns[0]!.id;
      const refused = await gql(t.server, t.token, WRITE, {
        input: {
          logs: [
            { flowRunId: run.id, message: 'fine' },
            { flowRunId: run.id, taskRunId: foreign, message: 'not its task run' },
          ],
        },
      });
      expect(errorCode(refused)).toBe('NOT_FOUND');
      expect(refused.errors?.[0]?.message).toBe(`Task run ${foreign} was not found in flow run ${run.id}.`);
      expect((await read(run.id)).totalCount).toBe(0);
    });

    it('stores none of a batch that names an unknown flow run', async () => {
      const run = await newRun();
      const unknown = '00000000-0000-4000-8000-000000000001';
      const refused = await gql(t.server, t.token, WRITE, {
        input: {
          logs: [
            { flowRunId: run.id, message: 'fine' },
            { flowRunId: unknown, message: 'lost' },
          ],
        },
      });
      expect(errorCode(refused)).toBe('NOT_FOUND');
      expect(refused.errors?.[0]?.message).toBe(`Flow run ${unknown} was not found in this tenant.`);
      expect((await read(run.id)).totalCount).toBe(0);
    });

    it('stores large batches whole, in order', async () => {
      const run = await newRun();
      const lines = Array.from({ length: 450 }, (_, i) => ({
        flowRunId: run.id,
        message: `line ${i}`,
        timestamp: new Date(Date.UTC(2030, 0, 1, 0, 0, 0, i)).toISOString(),
      }));
      await gqlData(t.server, t.token, WRITE, { input: { logs: lines } });
      const stored = await read(run.id);
      expect(stored.totalCount).toBe(450);
      expect(stored.nodes.map((line) => line.message)).toEqual(lines.map((line) => line.message));
    });
  });
});
