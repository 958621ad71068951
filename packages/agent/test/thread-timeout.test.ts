import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { requireTestEnv } from '@headwater/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createProcessAgent, silentAgentLogger } from '../src/index.js';
import { cpuBoundFlow } from './fixtures/thread-flows.js';
import { type AgentTestServer, startAgentTestServer } from './support/agent-test-server.js';
import { deployLocalFlows } from './support/deploy-local.js';
import { finalStates } from './support/waiting.js';

const postgres = requireTestEnv(['databaseUrl']);

describe.runIf(postgres.available)('a timed-out CPU-bound task under a process agent', () => {
  let server: AgentTestServer;
  let flowId: string;

  beforeAll(async () => {
    server = await startAgentTestServer({
      databaseUrl: postgres.available ? postgres.env.databaseUrl : undefined,
    });
    const ids = await deployLocalFlows(server.admin, server.projectName, join(server.scratch, 'flows'), [
      cpuBoundFlow,
    ]);
    flowId = ids.get('cpu-bound')!;
  }, 300_000);
  afterAll(async () => {
    await server?.close();
  });

  it('runs in a thread loaded from the bundle, stopped at the limit: TimedOut after its retry, no late side effect', async () => {
    const attempts = join(server.scratch, 'attempts.log');
    const marker = join(server.scratch, 'marker');
    const agent = createProcessAgent({
      api: server.api,
      token: server.runnerToken,
      env: { HEADWATER__HOME_DIR: join(server.scratch, 'agent-home') },
      logger: silentAgentLogger,
      pollBackoffMs: [100, 250, 500],
      runEnv: { HEADWATER__HOME_DIR: join(server.scratch, 'run-home') },
    });
    const stopped = agent.start();
    const { id } = await server.admin.createFlowRun({ flowId, parameters: { attempts, marker } });
    const states = await finalStates(server.admin, [id], 50_000);
    await agent.stop();
    await stopped;

    expect(states.get(id)).toBe('Failed');
    const crunch = (await server.admin.listTaskRuns({ flowRunId: id })).nodes.find((t) =>
      t.taskSlug.startsWith('crunch'),
    );
    expect(crunch).toMatchObject({ state: 'TimedOut', stateMessage: 'Task timed out after 300 ms.' });
    expect(readFileSync(attempts, 'utf8').split('\n').filter(Boolean)).toEqual(['attempt-1', 'attempt-2']);
    // What the thread printed reached the run's logs as the task's.
    const logs = (await server.admin.getLogs({ flowRunId: id, first: 500 })).nodes;
    expect(
      logs
        .filter((log) => log.message.endsWith('in a thread') && log.taskRunId === crunch!.id)
        .map((l) => l.message),
    ).toEqual(['attempt-1 in a thread', 'attempt-2 in a thread']);
    // The loop would have written the marker 1 s into each attempt; its thread was terminated first.
    await sleep(1500);
    expect(existsSync(marker)).toBe(false);
  });
});
