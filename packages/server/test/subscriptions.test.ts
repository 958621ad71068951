import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  backends,
  createFlow,
  createFlowRun,
  createProject,
  gqlData,
  headwaterFlow,
  SET_FLOW_RUN_STATES,
  startTestServer,
  state,
  type TestServer,
} from './helpers.js';

/** Opens a GraphQL subscription over SSE; `next()` resolves with each event's payload. */
async function subscribe(t: TestServer, query: string, token: string | null = t.token) {
  const controller = new AbortController();
  const response = await fetch(t.server.graphqlUrl, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      accept: 'text/event-stream',
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    body: JSON.stringify({ query }),
    signal: controller.signal,
  });
  const reader = response.body!.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  return {
    status: response.status,
    async next(): Promise<any> {
      for (;;) {
        const end = buffer.indexOf('\n\n');
        if (end >= 0) {
          const event = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const data = event
            .split('\n')
            .filter((line) => line.startsWith('data:'))
            .map((line) => line.slice(5).trim())
            .join('');
          if (data) return JSON.parse(data);
          continue;
        }
        const { done, value } = await reader.read();
        if (done) return null;
        buffer += decoder.decode(value, { stream: true });
      }
    },
    close: () => controller.abort(),
  };
}

describe.each(backends)('subscriptions on $name', (backend) => {
  describe.runIf(backend.available)('', () => {
    let t: TestServer;
    let flowId: string;
    beforeAll(async () => {
      t = await startTestServer(backend, { subscriptionPollMs: 200 });
      const projectId = await createProject(t, 'Live');
      flowId = (await createFlow(t, { projectId, serializedFlow: headwaterFlow('live') })).id;
    });
    afterAll(async () => {
      await t?.close();
    });

    it('streams new log lines of a flow run, in order, filtered by level', async () => {
      const run = await createFlowRun(t, { flowId, parameters: { x: 1 } });
      const stream = await subscribe(
        t,
        `subscription { logsWritten(flowRunId: "${run.id}", minLevel: INFO) { message level } }`,
      );
      try {
        await new Promise((resolve) => setTimeout(resolve, 300));
        await gqlData(
          t.server,
          t.token,
          `mutation($input: writeRunLogsInput!) { writeRunLogs(input: $input) { success } }`,
          {
            input: {
              logs: [
                { flowRunId: run.id, level: 'DEBUG', message: 'hidden' },
                { flowRunId: run.id, level: 'INFO', message: 'first' },
                { flowRunId: run.id, level: 'ERROR', message: 'second' },
              ],
            },
          },
        );
        const event = await stream.next();
        expect(event.data.logsWritten).toEqual([
          { message: 'first', level: 'INFO' },
          { message: 'second', level: 'ERROR' },
        ]);
      } finally {
        stream.close();
      }
    });

    it('streams flow-run state changes', async () => {
      const run = await createFlowRun(t, { flowId, parameters: { x: 1 } });
      const stream = await subscribe(
        t,
        `subscription { flowRunUpdated(flowRunId: "${run.id}") { id state version } }`,
      );
      try {
        await new Promise((resolve) => setTimeout(resolve, 300));
        await gqlData(t.server, t.token, SET_FLOW_RUN_STATES, {
          input: { states: [{ flowRunId: run.id, version: 1, state: state('Submitted') }] },
        });
        const event = await stream.next();
        expect(event.data.flowRunUpdated).toEqual({ id: run.id, state: 'Submitted', version: 2 });
      } finally {
        stream.close();
      }
    });

    it('streams a run created or given a state through this server as a read of it shows it, without waiting for a poll', async () => {
      const quiet = await startTestServer(backend, { subscriptionPollMs: 600_000 });
      try {
        const projectId = await createProject(quiet, 'Quiet');
        const quietFlowId = (await createFlow(quiet, { projectId, serializedFlow: headwaterFlow('quiet') }))
          .id;
        const fields =
          'id name state version labels stateStartTime scheduledStartTime parameters flow { id name }';
        const stream = await subscribe(
          quiet,
          `subscription { flowRunUpdated(flowId: "${quietFlowId}") { ${fields} } }`,
        );
        try {
          await new Promise((resolve) => setTimeout(resolve, 300));
          const run = await createFlowRun(quiet, { flowId: quietFlowId, parameters: { x: 2 } });
          const event = await stream.next();
          const read = async () =>
            (await gqlData(quiet.server, quiet.token, `{ flowRun(id: "${run.id}") { ${fields} } }`)).flowRun;
          expect(event.data.flowRunUpdated).toEqual(await read());
          // A state write hands its run over as written too.
          await gqlData(quiet.server, quiet.token, SET_FLOW_RUN_STATES, {
            input: { states: [{ flowRunId: run.id, version: 1, state: state('Submitted') }] },
          });
          const submitted = await stream.next();
          expect(submitted.data.flowRunUpdated).toEqual(await read());
          expect(submitted.data.flowRunUpdated.state).toBe('Submitted');
        } finally {
          stream.close();
        }
      } finally {
        await quiet.close();
      }
    });

    it('refuses subscriptions without a token', async () => {
      const stream = await subscribe(t, `subscription { flowRunUpdated { id } }`, null);
      try {
        const event = await stream.next();
        expect(event.errors[0].extensions.code).toBe('UNAUTHENTICATED');
      } finally {
        stream.close();
      }
    });
  });
});
