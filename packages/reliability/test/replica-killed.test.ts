import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Client } from '@headwater/client';
import { FINISHED_STATES } from '@headwater/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HeadwaterProcess } from './support/headwater-process.js';
import { type Replica, startReplica } from './support/replicas.js';
import {
  deployLocal,
  runnerToken,
  type ServerUnderTest,
  startProcessAgent,
  startServerUnderTest,
} from './support/server-under-test.js';
import { eventually, finalState, readMarks } from './support/waiting.js';

const TASKS = ['first', 'second', 'third'];

describe('two server replicas on one PostgreSQL, one killed (SIGKILL) and restarted during a stream of runs', () => {
  let server: ServerUnderTest;
  let replica: Replica;
  let flowId: string;
  const agents: HeadwaterProcess[] = [];
  beforeAll(async () => {
    server = await startServerUnderTest({ database: 'postgres' });
    replica = await startReplica(server, { name: 'replica-b' });
    flowId = (await deployLocal(server, join(import.meta.dirname, 'fixtures', 'three-tasks.ts'))).get(
      'three-tasks',
    )!;
  }, 120_000);
  afterAll(async () => {
    await Promise.all(agents.map((agent) => agent.stop('SIGKILL')));
    await replica?.stop('SIGKILL');
    await server?.close();
  });

  it('loses no acknowledged run, runs none twice, and ends every run once', async () => {
    const token = await runnerToken(server);
    // Both spellings of several URLs, the replica to be killed first: every agent has to fail over.
    const urls = [
      ['--api', `${replica.api},${server.api}`],
      ['--api', replica.api, '--api', server.api],
    ];
    for (const [i, args] of urls.entries())
      agents.push(startProcessAgent(server, token, { name: `agent-${i + 1}`, args }));
    const marks = join(server.scratch, 'marks.log');
    const acknowledged: string[] = [];
    const createRuns = async (client: Client, count: number) => {
      for (let i = 0; i < count; i++) {
        const { id } = await client.createFlowRun({ flowId, parameters: { marks, pause_ms: 200 } });
        acknowledged.push(id);
        await sleep(100);
      }
    };
    const clientOf = (api: string | string[]) =>
      new Client({ api, token: server.adminToken, env: {}, config: {} });
    const stream = clientOf([replica.api, server.api]);

    await createRuns(stream, 8);
    // The kill comes while a run is between its first and its last task: its process fails over too.
    const inTheMiddle = () => {
      const seen = readMarks(marks);
      return seen.some(
        (m) => !seen.some((other) => other.flowRunId === m.flowRunId && other.what === 'third'),
      );
    };
    await eventually('a run in the middle of its tasks', () => (inTheMiddle() ? true : undefined), 60_000);
    expect(await replica.stop('SIGKILL')).toBe('SIGKILL');
    await createRuns(stream, 5);
    await replica.restart();
    await createRuns(clientOf(replica.api), 4);

    const states = await Promise.all(acknowledged.map((id) => finalState(server.admin, id, 90_000)));
    expect(states).toEqual(acknowledged.map(() => 'Success'));
    // Every task of every run executed exactly once, and nothing ran that was not acknowledged.
    const executions = new Map<string, string[]>();
    for (const mark of readMarks(marks))
      executions.set(mark.flowRunId, [...(executions.get(mark.flowRunId) ?? []), mark.what]);
    expect([...executions.keys()].sort()).toEqual([...acknowledged].sort());
    for (const id of acknowledged) expect({ id, tasks: executions.get(id) }).toEqual({ id, tasks: TASKS });
    // Every run reached a finished state once: no second Success written after a lost answer.
    for (const id of acknowledged) {
      const history = await server.admin.getFlowRunStates(id);
      const ends = history.filter((record) => (FINISHED_STATES as readonly string[]).includes(record.state));
      expect({ id, ends: ends.map((record) => record.state) }).toEqual({ id, ends: ['Success'] });
    }
  }, 150_000);
});
