import { Flow, Running, Submitted, task } from '@headwater/core';
import { startServer } from '@headwater/server';
import { requireTestEnv, startTestServer, type TestServer } from '@headwater/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client } from '../src/client.js';
import { VersionLockError } from '../src/errors/version-lock-error.js';

const postgres = requireTestEnv(['databaseUrl']);
const databases = ['sqlite' as const, ...(postgres.available ? ['postgres' as const] : [])];

/**
 * A fetch that delivers requests to the real server but, for the operations named in `lose`,
 * throws away the first answer as a connection reset would: the write applied, the writer
 * cannot know.
 */
function losingFirstAnswerOf(lose: Set<string>): typeof fetch {
  return async (input, init) => {
    const response = await fetch(input, init);
    const operation = (JSON.parse(String(init?.body)) as { operationName?: string }).operationName ?? '';
    if (!lose.delete(operation)) return response;
    await response.text();
    throw new TypeError('fetch failed', {
      cause: Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }),
    });
  };
}

describe.each(databases)('a state write whose answer is lost, against a real server on %s', (database) => {
  let server: TestServer;
  let admin: Client;
  let flowId: string;
  beforeAll(async () => {
    server = await startTestServer(
      startServer,
      database,
      postgres.available ? postgres.env.databaseUrl : undefined,
    );
    admin = new Client({ api: server.api, token: server.adminToken, env: {}, config: {} });
    const flow = new Flow('lost-answers');
    flow.add(task(() => 1, { name: 'one' }));
    const { id: projectId } = await admin.createProject({ projectName: 'Lost answers' });
    flowId = (await admin.createFlow(flow.serialize() as unknown as Record<string, unknown>, { projectId }))
      .id;
  });
  afterAll(() => server?.close());

  const lossyClient = (lose: Set<string>) =>
    new Client({
      api: server.api,
      token: server.adminToken,
      env: {},
      config: {},
      fetch: losingFirstAnswerOf(lose),
      retry: { retries: 2, minDelayMs: 1, maxDelayMs: 5 },
    });

  it('is sent again and reported as written once: the repeat is refused as stale and the history shows the state sent', async () => {
    const { id } = await admin.createFlowRun({ flowId });
    const lose = new Set(['setFlowRunStates', 'setTaskRunStates']);
    const client = lossyClient(lose);
    const claimed = await client.setFlowRunState(id, 1, new Submitted({ message: 'claimed by me' }));
    expect(lose.has('setFlowRunStates')).toBe(false);
    expect(claimed).toMatchObject({ id, status: 'SUCCESS', version: 2, state: 'Submitted' });
    await client.setFlowRunState(id, 2, new Running());
    const [taskRun] = (await admin.listTaskRuns({ flowRunId: id })).nodes;
    const started = await client.setTaskRunState(taskRun!.id, taskRun!.version, new Running());
    expect(started).toMatchObject({ version: taskRun!.version + 1, state: 'Running' });
    expect((await admin.getFlowRunStates(id)).map((record) => record.state)).toEqual([
      'Scheduled',
      'Submitted',
      'Running',
    ]);
    expect((await admin.getTaskRunStates(taskRun!.id)).map((record) => record.state)).toEqual([
      'Pending',
      'Running',
    ]);
  });

  it("stays refused when another writer's state stands at that version", async () => {
    const { id } = await admin.createFlowRun({ flowId });
    await admin.setFlowRunState(id, 1, new Submitted({ message: 'claimed by another agent' }));
    const client = lossyClient(new Set(['setFlowRunStates']));
    // The lost first attempt was refused too; the repeat is refused, and the history names another writer.
    const error = await client
      .setFlowRunState(id, 1, new Submitted({ message: 'claimed by me' }))
      .catch((e) => e);
    expect(VersionLockError.isInstance(error)).toBe(true);
    expect((await admin.getFlowRunStates(id)).map((record) => record.message)).toEqual([
      expect.anything(),
      'claimed by another agent',
    ]);
  });
});
