import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serial, tagged } from './fixtures/limited-and-cached.js';
import type { HeadwaterProcess } from './support/headwater-process.js';
import { type Replica, startReplica } from './support/replicas.js';
import { flowSpans, mostAtOnce, taskSpans } from './support/run-spans.js';
import {
  databases,
  deployLocalFlows,
  runnerToken,
  type ServerUnderTest,
  startProcessAgent,
  startServerUnderTest,
} from './support/server-under-test.js';
import { finalState, readMarks } from './support/waiting.js';

// A run that finds its limit full is due again after 1 s.
const SERVER_ENV = { HEADWATER__SERVER__QUEUE_INTERVAL: '1' };
const RUN_ENV = {};

describe.each(databases)('concurrency limits with process agents, on %s', (database) => {
  let server: ServerUnderTest;
  let flows: Map<string, string>;
  let token: string;
  beforeAll(async () => {
    server = await startServerUnderTest({ database, env: SERVER_ENV });
    flows = await deployLocalFlows(server, [tagged, serial]);
    token = await runnerToken(server);
  }, 120_000);
  afterAll(() => server?.close());

  // Each agent holds at most 4 runs, so 10 runs need more than one of them. `apis`: the API
  // each agent talks to, in turn (default: the server's).
  const agents = (
    count: number,
    prefix: string,
    apis: readonly string[] = [server.api],
  ): HeadwaterProcess[] =>
    Array.from({ length: count }, (_, i) =>
      startProcessAgent(server, token, {
        name: `${prefix}-${i + 1}`,
        runEnv: RUN_ENV,
        args: ['--max-concurrent', '4', '--api', apis[i % apis.length]!],
      }),
    );
  const stopAll = (running: HeadwaterProcess[]) => Promise.all(running.map((agent) => agent.stop('SIGKILL')));

  /** 10 runs of the tagged flow on 3 agents (talking to `apis` in turn) under a tag limit of 2. */
  const tagLimitOfTwo = async (name: string, apis?: readonly string[]) => {
    const limit = await server.admin.setConcurrencyLimit({ tag: 'rate-limited', slots: 2 });
    expect(limit).toMatchObject({ kind: 'TASK_TAG', tag: 'rate-limited', slots: 2, running: 0 });
    const marks = join(server.scratch, `${name}.log`);
    const running = agents(3, name, apis);
    try {
      const ids: string[] = [];
      for (let i = 0; i < 10; i++) {
        const run = await server.admin.createFlowRun({
          flowId: flows.get('tagged')!,
          parameters: { marks, pause_ms: 700 },
        });
        ids.push(run.id);
      }
      for (const id of ids) expect(await finalState(server.admin, id, 90_000)).toBe('Success');
      const spans = await taskSpans(server.admin, ids, 'call');
      expect(spans).toHaveLength(10);
      expect(mostAtOnce(spans)).toBeLessThanOrEqual(2);
      // Each task ran once, and the limit held some back: they waited Queued.
      expect(readMarks(marks)).toHaveLength(10);
      expect(spans.some((s) => s.states.includes('Queued'))).toBe(true);
      // Runs spread over the agents.
      expect(running.filter((agent) => ids.some((id) => agent.output().includes(id))).length).toBeGreaterThan(
        1,
      );
    } finally {
      await stopAll(running);
      await server.admin.deleteConcurrencyLimit({ tag: 'rate-limited' });
    }
  };

  it(
    'a tag limit of 2: of 10 runs on 3 agents no more than 2 tagged tasks run at once, and all finish',
    () => tagLimitOfTwo('tag-agent'),
    120_000,
  );

  // Replicas share a PostgreSQL database.
  if (database === 'postgres')
    describe('with two server replicas', () => {
      let replica: Replica;
      beforeAll(async () => {
        replica = await startReplica(server, { name: 'limits-replica', env: SERVER_ENV });
      }, 60_000);
      afterAll(() => replica?.stop('SIGKILL'));

      it(
        'the tag limit of 2 holds with agents and their runs on either replica',
        () => tagLimitOfTwo('replica-agent', [replica.api, server.api]),
        120_000,
      );
    });

  it('a flow limit of 1 runs the flow one run at a time', async () => {
    await server.admin.setConcurrencyLimit({ flowId: flows.get('serial')!, slots: 1 });
    const running = agents(2, 'flow-agent');
    try {
      const ids: string[] = [];
      for (let i = 0; i < 3; i++)
        ids.push(
          (await server.admin.createFlowRun({ flowId: flows.get('serial')!, parameters: { pause_ms: 500 } }))
            .id,
        );
      for (const id of ids) expect(await finalState(server.admin, id, 90_000)).toBe('Success');
      const spans = await flowSpans(server.admin, ids);
      expect(mostAtOnce(spans)).toBe(1);
      expect(spans.some((s) => s.states.includes('Queued'))).toBe(true);
      const [limit] = await server.admin.listConcurrencyLimits();
      expect(limit).toMatchObject({ kind: 'FLOW', flowName: 'serial', slots: 1, running: 0 });
    } finally {
      await stopAll(running);
      await server.admin.deleteConcurrencyLimit({ flowId: flows.get('serial')! });
    }
  }, 120_000);
});
