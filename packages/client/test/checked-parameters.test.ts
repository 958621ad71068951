import { Flow, parameter, task } from '@headwater/core';
import { startServer } from '@headwater/server';
import { startTestServer, type TestServer } from '@headwater/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client } from '../src/client.js';
import { ClientError } from '../src/errors/client-error.js';

/** A flow whose parameter `x` is declared a number. */
function checkedFlow() {
  const flow = new Flow('client-checked');
  flow.add(
    task(({ x }: { x: number }) => x + 1, { name: 'inc' }),
    {
      x: parameter('x', { schema: { type: 'number' } }),
    },
  );
  return flow.serialize() as unknown as Record<string, unknown>;
}

describe('Client and checked parameters, against a real server on SQLite', () => {
  let server: TestServer;
  let client: Client;

  beforeAll(async () => {
    server = await startTestServer(startServer, 'sqlite');
    client = new Client({ api: server.api, token: server.adminToken, env: {} });
  });
  afterAll(async () => {
    await server?.close();
  });

  it('reads the schema of a parameter and gets BAD_USER_INPUT with the path of a bad value', async () => {
    const project = await client.createProject({ projectName: 'Checked' });
    const created = await client.createFlow(checkedFlow(), { projectId: project.id });
    const flow = await client.getFlow(created.id);
    expect(flow.parameters).toEqual([expect.objectContaining({ name: 'x', schema: { type: 'number' } })]);

    const error = await client.createFlowRun({ flowId: created.id, parameters: { x: 'notanumber' } }).then(
      () => {
        throw new Error('expected the run to be refused');
      },
      (e: unknown) => e,
    );
    expect(ClientError.isInstance(error)).toBe(true);
    expect((error as ClientError).code).toBe('BAD_USER_INPUT');
    expect((error as Error).message).toContain('parameters.x: expected number, got string "notanumber"');
    const run = await client.createFlowRun({ flowId: created.id, parameters: { x: 1 } });
    expect(run.flowRun.parameters).toEqual({ x: 1 });
  });
});
