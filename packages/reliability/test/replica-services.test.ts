import { Client } from '@headwater/client';
import { DatesClock, Flow, Running, Schedule, task } from '@headwater/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Replica, startReplica } from './support/replicas.js';
import { type ServerUnderTest, startServerUnderTest } from './support/server-under-test.js';
import { eventually } from './support/waiting.js';

/** Every service passes each second and takes a run silent for one second for lost. */
const SERVICES = {
  HEADWATER__SERVER__SERVICES__SCHEDULER__INTERVAL: '1',
  HEADWATER__SERVER__SERVICES__ZOMBIE_KILLER__INTERVAL: '1',
  HEADWATER__SERVER__SERVICES__ZOMBIE_KILLER__HEARTBEAT_TIMEOUT: '1',
  HEADWATER__SERVER__SERVICES__LAZARUS__INTERVAL: '1',
  HEADWATER__SERVER__SERVICES__LAZARUS__HEARTBEAT_TIMEOUT: '1',
};

/** Registers a flow without storage (nothing runs it) through `client`; resolves to its id. */
async function registerFlow(client: Client, projectId: string, flow: Flow): Promise<string> {
  return (await client.createFlow(flow.serialize() as unknown as Record<string, unknown>, { projectId })).id;
}

/** A one-task flow whose task is never retried. */
function oneTask(name: string): Flow {
  const flow = new Flow(name);
  flow.add(task(() => 1, { name: 'work' }));
  return flow;
}

/**
 * Checks that the scheduler, the zombie killer and lazarus act with only the replica at
 * `client.api` alive: a schedule gets runs past the ten created at registration, a silent
 * Running task run is failed, and a silent Running flow run without live task runs is
 * rescheduled.
 */
async function servicesAct(client: Client, projectId: string, name: string): Promise<void> {
  // Fifteen dates a second apart: registration schedules the first ten, the scheduler the rest as they come into view.
  const start = Date.now() + 1000;
  const dates = Array.from({ length: 15 }, (_, i) => new Date(start + i * 1000));
  const ticking = new Flow(`${name}-ticking`, {
    schedule: new Schedule({ clocks: [new DatesClock(dates)] }),
  });
  ticking.add(task(() => 1, { name: 'tick' }));
  const tickingId = await registerFlow(client, projectId, ticking);

  const zombieFlowId = await registerFlow(client, projectId, oneTask(`${name}-zombie`));
  const { id: zombieRunId } = await client.createFlowRun({ flowId: zombieFlowId });
  await client.setFlowRunState(zombieRunId, 1, new Running());
  const [zombieTask] = (await client.listTaskRuns({ flowRunId: zombieRunId })).nodes;
  await client.setTaskRunState(zombieTask!.id, zombieTask!.version, new Running());
  await client.updateFlowRunHeartbeat(zombieRunId);

  const lostFlowId = await registerFlow(client, projectId, oneTask(`${name}-lost`));
  const { id: lostRunId } = await client.createFlowRun({ flowId: lostFlowId });
  await client.setFlowRunState(lostRunId, 1, new Running());
  await client.updateFlowRunHeartbeat(lostRunId);

  const scheduled = await eventually(
    'the scheduler to schedule runs past the first ten',
    async () => {
      const { totalCount } = await client.listFlowRuns({ flowId: tickingId, first: 1 });
      return totalCount > 10 ? totalCount : undefined;
    },
    30_000,
  );
  expect(scheduled).toBeGreaterThan(10);
  const zombieStates = await eventually(
    'the zombie killer to fail the silent task run',
    async () => {
      const states = (await client.getTaskRunStates(zombieTask!.id)).map((record) => record.state);
      return states.includes('Failed') ? states : undefined;
    },
    30_000,
  );
  expect(zombieStates).toEqual(['Pending', 'Running', 'Failed']);
  const rescued = await eventually(
    'lazarus to reschedule the silent flow run',
    async () => {
      const { flowRun } = await client.graphql<{ flowRun: { state: string; timesResurrected: number } }>(
        'query rescued($id: ID!) { flowRun(id: $id) { state timesResurrected } }',
        { id: lostRunId },
      );
      return flowRun.timesResurrected > 0 ? flowRun : undefined;
    },
    30_000,
  );
  expect(rescued).toEqual({ state: 'Scheduled', timesResurrected: 1 });
}

describe('the scheduler, zombie killer and lazarus with either of two replicas alone', () => {
  let server: ServerUnderTest;
  let replica: Replica;
  let projectId: string;
  beforeAll(async () => {
    server = await startServerUnderTest({ database: 'postgres', env: SERVICES });
    replica = await startReplica(server, { name: 'replica-b', env: SERVICES });
    projectId = (await server.admin.createProject({ projectName: 'Services' })).id;
  }, 120_000);
  afterAll(async () => {
    await replica?.stop('SIGKILL');
    await server?.close();
  });

  it('each service acts on the first replica while the second is killed, then on the second alone', async () => {
    const on = (api: string) => new Client({ api, token: server.adminToken, env: {}, config: {} });
    expect(await replica.stop('SIGKILL')).toBe('SIGKILL');
    await servicesAct(on(server.api), projectId, 'first-alone');

    await replica.restart();
    expect(await server.process.stop('SIGKILL')).toBe('SIGKILL');
    await servicesAct(on(replica.api), projectId, 'second-alone');
  }, 90_000);
});
