import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { Client } from '@headwater/client';
import { Flow, task } from '@headwater/core';
import { startServer } from '@headwater/server';
import { startTestServer, type TestServer } from '@headwater/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HeartbeatThread } from '../src/runner/heartbeat-thread.js';

const flow = new Flow('heartbeats', { module: import.meta.url });
flow.add(task(() => 1, { name: 'one' }));

/** Resolves to `check()`'s first value other than undefined, polling every 50 ms for up to 10 s. */
async function eventually<T>(check: () => Promise<T | undefined>): Promise<T> {
  for (let i = 0; i < 200; i++) {
    const value = await check();
    if (value !== undefined) return value;
    await sleep(50);
  }
  throw new Error('Timed out.');
}

describe('HeartbeatThread against a real server', () => {
  let server: TestServer;
  let admin: Client;
  let runnerToken: string;
  let flowId: string;
  beforeAll(async () => {
    server = await startTestServer(startServer, 'sqlite');
    admin = new Client({ api: server.api, token: server.adminToken, env: {}, config: {} });
    runnerToken = (await admin.createApiToken({ name: 'runner', scope: 'RUNNER' })).token;
    const { id: projectId } = await admin.createProject({ projectName: 'Heartbeats' });
    flowId = (await admin.createFlow(flow.serialize() as never, { projectId })).id;
  });
  afterAll(() => server?.close());

  it('records heartbeats of the flow run from its own thread until stopped', async () => {
    const { id } = await admin.createFlowRun({ flowId });
    const errors: Error[] = [];
    const thread = new HeartbeatThread({
      api: server.api,
      token: runnerToken,
      flowRunId: id,
      intervalMs: 100,
      onError: (error) => errors.push(error),
    });
    thread.start();
    const first = await eventually(async () => (await admin.getFlowRun(id)).heartbeat ?? undefined);
    await eventually(async () => {
      const { heartbeat } = await admin.getFlowRun(id);
      return heartbeat && heartbeat !== first ? heartbeat : undefined;
    });
    await thread.stop();
    expect(errors).toEqual([]);
  });

  it('waits one interval for the first heartbeat of a run whose heartbeat the API just renewed', async () => {
    const { id } = await admin.createFlowRun({ flowId });
    const thread = new HeartbeatThread({
      api: server.api,
      token: runnerToken,
      flowRunId: id,
      intervalMs: 1500,
      beatAtOnce: false,
    });
    thread.start();
    await sleep(500);
    expect((await admin.getFlowRun(id)).heartbeat).toBeNull();
    expect(await eventually(async () => (await admin.getFlowRun(id)).heartbeat ?? undefined)).toBeTruthy();
    await thread.stop();
  });

  it('reports what the API answered when a heartbeat is refused', async () => {
    const { id } = await admin.createFlowRun({ flowId });
    const errors: Error[] = [];
    const thread = new HeartbeatThread({
      api: server.api,
      token: 'hw_not-a-token',
      flowRunId: id,
      intervalMs: 100,
      onError: (error) => errors.push(error),
    });
    thread.start();
    const error = await eventually(async () => errors[0]);
    await thread.stop();
    expect(error.message).toMatch(/token/i);
    expect((await admin.getFlowRun(id)).heartbeat).toBeNull();
  });

  it('sends the next heartbeat to the next API URL when one fails', async () => {
    const { id } = await admin.createFlowRun({ flowId });
    const gone = createServer();
    await new Promise<void>((resolve) => gone.listen(0, '127.0.0.1', resolve));
    const deadApi = `http://127.0.0.1:${(gone.address() as AddressInfo).port}`;
    await new Promise<void>((resolve) => gone.close(() => resolve()));
    const errors: Error[] = [];
    const thread = new HeartbeatThread({
      api: [deadApi, server.api],
      token: runnerToken,
      flowRunId: id,
      intervalMs: 100,
      onError: (error) => errors.push(error),
    });
    thread.start();
    const heartbeat = await eventually(async () => (await admin.getFlowRun(id)).heartbeat ?? undefined);
    await thread.stop();
    expect(heartbeat).toBeTruthy();
    expect(errors.map((error) => error.message)).toEqual([expect.stringMatching(/ECONNREFUSED/)]);
  });

  it('beats for one run after another from the same thread, and never again for a run it stopped for', async () => {
    const [first, second] = [await admin.createFlowRun({ flowId }), await admin.createFlowRun({ flowId })];
    const options = { api: server.api, token: runnerToken, intervalMs: 100 };
    const one = new HeartbeatThread({ ...options, flowRunId: first.id });
    one.start();
    await eventually(async () => (await admin.getFlowRun(first.id)).heartbeat ?? undefined);
    await one.stop();
    const last = (await admin.getFlowRun(first.id)).heartbeat;
    const errors: Error[] = [];
    const two = new HeartbeatThread({
      ...options,
      flowRunId: second.id,
      onError: (error) => errors.push(error),
    });
    two.start();
    const firstOfSecond = await eventually(
      async () => (await admin.getFlowRun(second.id)).heartbeat ?? undefined,
    );
    await eventually(async () => {
      const { heartbeat } = await admin.getFlowRun(second.id);
      return heartbeat && heartbeat !== firstOfSecond ? heartbeat : undefined;
    });
    await two.stop();
    expect((await admin.getFlowRun(first.id)).heartbeat).toBe(last);
    expect(errors).toEqual([]);
  });
});
