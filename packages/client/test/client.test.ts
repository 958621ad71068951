import { randomUUID } from 'node:crypto';
import { Flow, IntervalClock, Running, Schedule, Scheduled, Submitted, Success } from '@headwater/core';
import { startServer } from '@headwater/server';
import { requireTestEnv, startTestServer, type TestServer } from '@headwater/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client } from '../src/client.js';
import { AuthorizationError } from '../src/errors/authorization-error.js';
import { ClientError } from '../src/errors/client-error.js';
import { NotFoundError } from '../src/errors/not-found-error.js';
import { ProjectNotFoundError } from '../src/errors/project-not-found-error.js';
import { VersionLockError } from '../src/errors/version-lock-error.js';
import { flow as greetingFlow } from './fixtures/greeting-flow.js';
import { recordingStorage } from './recording-storage.js';

/** The error `promise` rejects with; fails the test when it resolves. */
function failure(promise: Promise<unknown>): Promise<any> {
  return promise.then(
    () => {
      throw new Error('expected a failure');
    },
    (error: unknown) => error,
  );
}

const postgres = requireTestEnv(['databaseUrl']);

const databases = [
  { database: 'sqlite' as const },
  ...(postgres.available ? [{ database: 'postgres' as const }] : []),
];

describe.each(databases)('Client against a real server on $database', ({ database }) => {
  let server: TestServer;
  let client: Client;

  beforeAll(async () => {
    server = await startTestServer(
      startServer,
      database,
      postgres.available ? postgres.env.databaseUrl : undefined,
    );
    client = new Client({ api: server.api, token: server.adminToken, env: {} });
  });
  afterAll(async () => {
    await server?.close();
  });

  it('knows who the token is, and maps a refused token to AuthorizationError', async () => {
    expect(await client.authInfo()).toMatchObject({ scope: 'USER', tokenName: 'admin' });
    const wrong = new Client({ api: server.api, token: 'hw_not-a-real-token', env: {} });
    const error = await failure(wrong.authInfo());
    expect(AuthorizationError.isInstance(error)).toBe(true);
    expect(error.code).toBe('UNAUTHENTICATED');
    expect(error.message).toContain('headwater auth login');
    const anonymous = new Client({ api: server.api, env: {}, config: { homeDir: server.homeDir } });
    expect(anonymous.hasToken).toBe(false);
    expect((await failure(anonymous.authInfo())).code).toBe('UNAUTHENTICATED');
    expect(await anonymous.hello()).toEqual(expect.any(String));
  });

  it('creates projects, and reports a duplicate name with the server code', async () => {
    const project = await client.createProject({ projectName: 'My Project', description: 'nightly' });
    expect(project).toMatchObject({ name: 'My Project', description: 'nightly', flowCount: 0 });
    expect((await client.getProject('My Project'))?.id).toBe(project.id);
    expect(await client.getProject('No Such Project')).toBeUndefined();
    const duplicate = await failure(client.createProject({ projectName: 'My Project' }));
    expect(ClientError.isInstance(duplicate)).toBe(true);
    expect(duplicate.code).toBe('CONFLICT');
    expect((await client.listProjects()).map((p) => p.name)).toContain('My Project');
  });

  it("accepts the seed's createProject mutation verbatim through graphql()", async () => {
    const data = await client.graphql<{ createProject: { project: { id: string; name: string } } }>(
      'mutation {\n  createProject(input: { name: "Seed Project" }) {\n    project {\n      id\n      name\n    }\n  }\n}',
    );
    expect(data.createProject.project.name).toBe('Seed Project');
  });

  it('registers flows compressed and plain, numbering versions, and honours idempotency keys', async () => {
    const project = await client.createProject({ projectName: 'Versions' });
    const flow = new Flow('versioned');
    const first = await client.createFlow(flow.serialize() as never, { projectId: project.id });
    const second = await client.createFlow(flow.serialize() as never, {
      projectId: project.id,
      compressed: false,
    });
    expect([first.version, second.version]).toEqual([1, 2]);
    expect(second.versionGroupId).toBe(first.versionGroupId);
    const key = randomUUID();
    const third = await client.createFlow(flow.serialize() as never, {
      projectId: project.id,
      idempotencyKey: key,
    });
    const again = await client.createFlow(flow.serialize() as never, {
      projectId: project.id,
      idempotencyKey: key,
    });
    expect(again).toMatchObject({ id: third.id, created: false, version: 3 });
    const latest = await client.listFlows({ projectName: 'Versions' });
    expect(latest.nodes.map((f) => f.version)).toEqual([3]);
    const all = await client.listFlows({ projectName: 'Versions', allVersions: true });
    expect(all.totalCount).toBe(3);
  });

  it('deploys: looks the project up before building, builds the storage, registers the built metadata', async () => {
    const storage = recordingStorage();
    greetingFlow.storage = storage;
    try {
      const missing = await failure(client.deploy(greetingFlow, 'Nowhere'));
      expect(ProjectNotFoundError.isInstance(missing)).toBe(true);
      expect(missing.message).toContain('headwater create project "Nowhere"');
      expect(storage.builds).toEqual([]);

      await client.createProject({ projectName: 'Deploys' });
      const deployed = await client.deploy(greetingFlow, 'Deploys', { push: false });
      expect(storage.builds).toEqual([{ push: false }]);
      expect(storage.flows).toEqual({ greeting: '/flows/greeting' });
      expect(deployed).toMatchObject({ name: 'greeting', version: 1, projectName: 'Deploys', created: true });
      expect(deployed.serializedFlow.storage).toMatchObject({ type: 'Local', directory: '/built' });
      const registered = await client.getFlow(deployed.id);
      expect(registered.storage).toEqual(deployed.serializedFlow.storage);
      expect(registered.tasks.map((t) => t.name).sort()).toEqual(['greet', 'name', 'shout']);
      expect(registered.parameters).toEqual([expect.objectContaining({ name: 'name', default: 'world' })]);
    } finally {
      greetingFlow.storage = null;
    }
  });

  it('creates flow runs idempotently and drives their states with version locking', async () => {
    const project = await client.createProject({ projectName: 'Runs' });
    const registered = await client.createFlow(greetingFlow.serialize() as never, { projectId: project.id });
    const key = randomUUID();
    const run = await client.createFlowRun({
      flowId: registered.id,
      parameters: { name: 'Ada' },
      idempotencyKey: key,
    });
    expect(run).toMatchObject({ state: 'Scheduled', created: true });
    const repeated = await client.createFlowRun({ flowId: registered.id, idempotencyKey: key });
    expect(repeated).toMatchObject({ id: run.id, created: false });

    expect(await client.getRunsInQueue()).toContain(run.id);

    const info = await client.getFlowRunInfo(run.id);
    expect(info).toMatchObject({
      id: run.id,
      flowId: registered.id,
      state: 'Scheduled',
      parameters: { name: 'Ada' },
    });
    expect(info.taskRuns.map((t) => t.taskSlug).sort()).toEqual(['greet-1', 'name', 'shout-1']);

    const submitted = await client.setFlowRunState(
      run.id,
      info.version,
      new Submitted({ message: 'claimed', state: new Scheduled() }),
    );
    expect(submitted).toMatchObject({ status: 'SUCCESS', state: 'Submitted', version: info.version + 1 });
    const stale = await failure(client.setFlowRunState(run.id, info.version, new Running()));
    expect(VersionLockError.isInstance(stale)).toBe(true);
    expect(stale.code).toBe('VERSION_LOCKING_ERROR');
    const running = await client.setFlowRunState(run.id, submitted.version, new Running({ message: 'go' }));

    const taskRun = info.taskRuns.find((t) => t.taskSlug === 'greet-1')!;
    const again = await client.getOrCreateTaskRun({ flowRunId: run.id, taskId: taskRun.taskId });
    expect(again).toMatchObject({ id: taskRun.id, version: taskRun.version, mapIndex: -1 });
    const child = await client.getOrCreateTaskRun({ flowRunId: run.id, taskId: taskRun.taskId, mapIndex: 0 });
    expect(child.mapIndex).toBe(0);
    expect(child.id).not.toBe(taskRun.id);
    const taskRunning = await client.setTaskRunState(taskRun.id, taskRun.version, new Running(), {
      flowRunVersion: running.version,
    });
    await client.setTaskRunState(taskRun.id, taskRunning.version, new Success({ message: 'done' }));
    expect(
      VersionLockError.isInstance(
        await failure(client.setTaskRunState(taskRun.id, taskRun.version, new Running())),
      ),
    ).toBe(true);

    await client.updateFlowRunHeartbeat(run.id);
    await client.updateTaskRunHeartbeat(taskRun.id);
    await client.writeRunLogs([
      { flowRunId: run.id, message: 'first line', level: 'INFO', name: 'test' },
      { flowRunId: run.id, taskRunId: taskRun.id, message: 'second line', level: 'ERROR' },
    ]);
    const logs = await client.getLogs({ flowRunId: run.id });
    expect(logs.nodes.map((l) => [l.level, l.message])).toEqual([
      ['INFO', 'first line'],
      ['ERROR', 'second line'],
    ]);

    await client.setFlowRunState(run.id, running.version, new Success({ message: 'all good' }));
    const states = await client.getFlowRunStates(run.id);
    expect(states.map((s) => s.state)).toEqual(['Scheduled', 'Submitted', 'Running', 'Success']);
    const taskRuns = await client.listTaskRuns({ flowRunId: run.id });
    expect(taskRuns.nodes.find((t) => t.id === taskRun.id)?.state).toBe('Success');
  });

  it('turns a schedule off and on, archives a flow, and deletes a version or every version', async () => {
    const project = await client.createProject({ projectName: 'Flow management' });
    const scheduled = new Flow('hourly', {
      schedule: new Schedule({ clocks: [new IntervalClock(3_600_000)] }),
    });
    const first = await client.createFlow(scheduled.serialize() as never, { projectId: project.id });
    const flowOf = async (id: string) =>
      (await client.listFlows({ projectId: project.id, allVersions: true })).nodes.find((f) => f.id === id);
    const autoRuns = async (flowId: string) =>
      (await client.listFlowRuns({ flowId, states: ['Scheduled'] })).nodes.filter((run) => run.autoScheduled);
    expect((await flowOf(first.id))?.isScheduleActive).toBe(true);
    await client.setScheduleActive(first.id, false);
    expect((await flowOf(first.id))?.isScheduleActive).toBe(false);
    expect(await autoRuns(first.id)).toEqual([]);
    await client.setScheduleActive(first.id, true);
    expect((await flowOf(first.id))?.isScheduleActive).toBe(true);
    expect((await autoRuns(first.id)).length).toBeGreaterThan(0);

    await client.archiveFlow(first.id);
    expect((await flowOf(first.id))?.archived).toBe(true);
    expect(await autoRuns(first.id)).toEqual([]);

    const second = await client.createFlow(scheduled.serialize() as never, { projectId: project.id });
    const third = await client.createFlow(scheduled.serialize() as never, { projectId: project.id });
    await client.deleteFlow(second.id);
    expect(await flowOf(second.id)).toBeUndefined();
    expect(await flowOf(third.id)).toBeDefined();
    await client.deleteFlowGroup((await flowOf(third.id))!.flowGroupId);
    expect((await client.listFlows({ projectId: project.id, allVersions: true })).nodes).toEqual([]);
  });

  it('registers an agent with the storage types it runs, and reads the queue and the storage types by them', async () => {
    const project = await client.createProject({ projectName: 'Storage types' });
    const serialized = greetingFlow.serialize() as unknown as Record<string, unknown>;
    const registered = await client.createFlow(
      { ...serialized, storage: { type: 'Local', flows: {}, __version__: serialized.__version__ } } as never,
      { projectId: project.id },
    );
    expect((await client.getFlow(registered.id)).storageType).toBe('Local');
    expect(await client.listStorageTypes()).toContain('Local');

    const run = await client.createFlowRun({ flowId: registered.id, labels: ['client-storage'] });
    expect((await client.getFlowRun(run.id)).waitingFor).toBe(
      'No agent is connected: start one with `headwater agent start process --label client-storage`',
    );
    const agent = { name: 'client-agent', type: 'ProcessAgent', labels: ['client-storage'] };
    const id = await client.registerAgent({ ...agent, storageTypes: ['Docker'] });
    expect((await client.getFlowRun(run.id)).waitingFor).toMatch(/^No connected agent runs Local storage/);
    expect(await client.registerAgent({ ...agent, storageTypes: ['Docker', 'Local'] })).toBe(id);
    expect((await client.getFlowRun(run.id)).waitingFor).toBeNull();

    const labels = ['client-storage'];
    expect(await client.getRunsInQueue({ labels, storageTypes: ['Docker'] })).toEqual([]);
    expect(await client.getRunsInQueue({ labels, storageTypes: ['Local'], agentId: id })).toEqual([run.id]);
    expect(await client.getRunsInQueue({ labels })).toEqual([run.id]);
  });

  it('raises NotFoundError for an unknown run', async () => {
    const error = await failure(client.getFlowRunInfo(randomUUID()));
    expect(NotFoundError.isInstance(error)).toBe(true);
  });

  it('manages tokens: a RUNNER token is refused USER work, a revoked one is refused everything', async () => {
    const created = await client.createApiToken({ name: 'runner-1', scope: 'RUNNER' });
    expect(created.apiToken).toMatchObject({ name: 'runner-1', scope: 'RUNNER', revoked: false });
    expect((await client.listApiTokens()).map((t) => t.name)).toContain('runner-1');
    const runner = new Client({ api: server.api, token: created.token, env: {} });
    expect((await runner.authInfo()).scope).toBe('RUNNER');
    const forbidden = await failure(runner.createProject({ projectName: 'Not allowed' }));
    expect(AuthorizationError.isInstance(forbidden)).toBe(true);
    expect(forbidden.code).toBe('FORBIDDEN');
    await client.revokeApiToken(created.apiToken.id);
    expect((await failure(runner.authInfo())).code).toBe('UNAUTHENTICATED');
  });
});
