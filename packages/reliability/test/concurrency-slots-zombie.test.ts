import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tagged } from './fixtures/limited-and-cached.js';
import type { HeadwaterProcess } from './support/headwater-process.js';
import { mostAtOnce, taskSpans } from './support/run-spans.js';
import {
  databases,
  deployLocalFlows,
  runnerToken,
  type ServerUnderTest,
  startProcessAgent,
  startServerUnderTest,
} from './support/server-under-test.js';
import { eventually, finalState, readMarks } from './support/waiting.js';

// Runs send heartbeats every half second and the zombie killer finds a dead one after 10 s; a
// run that finds its limit full is due again after 1 s.
const SERVER_ENV = {
  HEADWATER__SERVER__QUEUE_INTERVAL: '1',
  HEADWATER__SERVER__SERVICES__ZOMBIE_KILLER__HEARTBEAT_TIMEOUT: '10',
  HEADWATER__SERVER__SERVICES__ZOMBIE_KILLER__INTERVAL: '1',
};
const RUN_ENV = { HEADWATER__CLOUD__HEARTBEAT_INTERVAL: '0.5' };

describe.each(databases)('concurrency slots of a killed agent, on %s', (database) => {
  let server: ServerUnderTest;
  let flows: Map<string, string>;
  let token: string;
  beforeAll(async () => {
    server = await startServerUnderTest({ database, env: SERVER_ENV });
    flows = await deployLocalFlows(server, [tagged]);
    token = await runnerToken(server);
  }, 120_000);
  afterAll(() => server?.close());

  const agents = (count: number, prefix: string): HeadwaterProcess[] =>
    Array.from({ length: count }, (_, i) =>
      startProcessAgent(server, token, { name: `${prefix}-${i + 1}`, runEnv: RUN_ENV }),
    );
  const stopAll = (running: HeadwaterProcess[]) => Promise.all(running.map((agent) => agent.stop('SIGKILL')));

  it("frees a killed agent's slots through the zombie killer", async () => {
    await server.admin.setConcurrencyLimit({ tag: 'rate-limited', slots: 1 });
    await server.admin.setConcurrencyLimit({ flowId: flows.get('tagged')!, slots: 1 });
    const marks = join(server.scratch, 'killed.log');
    const [doomed] = agents(1, 'doomed-agent');
    let survivor: HeadwaterProcess | undefined;
    try {
      const dead = await server.admin.createFlowRun({
        flowId: flows.get('tagged')!,
        parameters: { marks, pause_ms: 120_000 },
      });
      const { pid } = await eventually('the doomed run to start its task', () =>
        readMarks(marks).find((m) => m.flowRunId === dead.id),
      );
      // The agent and the run process it started die at once, as a host that goes down.
      await doomed!.stop('SIGKILL');
      process.kill(pid, 'SIGKILL');
      [survivor] = agents(1, 'survivor-agent');
      const next = await server.admin.createFlowRun({
        flowId: flows.get('tagged')!,
        parameters: { marks, pause_ms: 100 },
      });
      expect(await finalState(server.admin, next.id, 90_000)).toBe('Success');
      const { nodes } = await server.admin.listTaskRuns({ flowRunId: dead.id });
      expect(nodes.find((t) => t.taskSlug.startsWith('call'))).toMatchObject({ state: 'Failed' });
      expect(nodes.find((t) => t.taskSlug.startsWith('call'))?.stateMessage).toMatch(/No heartbeat/);
      // The next run started only once the dead one's slot was freed: they never ran together.
      expect(mostAtOnce(await taskSpans(server.admin, [dead.id, next.id], 'call'))).toBe(1);
    } finally {
      await stopAll([doomed!, ...(survivor ? [survivor] : [])]);
    }
  }, 120_000);
});
