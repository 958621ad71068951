import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createProcessAgent, silentAgentLogger } from '../src/index.js';
import { seedExecutorFlow } from './fixtures/seed-executor-flows.js';
import { type AgentTestServer, startAgentTestServer } from './support/agent-test-server.js';
import { deployLocalFlows } from './support/deploy-local.js';
import { finalStates } from './support/waiting.js';

describe("the seed's executor string, deployed and run by a process agent", () => {
  let server: AgentTestServer;
  let flowId: string;
  let stopAgent: () => Promise<void>;

  beforeAll(async () => {
    server = await startAgentTestServer();
    const ids = await deployLocalFlows(server.admin, server.projectName, join(server.scratch, 'flows'), [
      seedExecutorFlow,
    ]);
    flowId = ids.get('seed-executor')!;
    const agent = createProcessAgent({
      api: server.api,
      token: server.runnerToken,
      env: { HEADWATER__HOME_DIR: join(server.scratch, 'agent-home') },
      logger: silentAgentLogger,
      pollBackoffMs: [100, 250, 500],
      runEnv: { HEADWATER__HOME_DIR: join(server.scratch, 'run-home') },
    });
    const stopped = agent.start();
    stopAgent = async () => {
      await agent.stop();
      await stopped;
    };
  }, 120_000);
  afterAll(async () => {
    await stopAgent?.();
    await server?.close();
  });

  it('keeps "prefect.engine.executors.LocalExecutor" in the metadata and runs on LocalExecutor', async () => {
    const flow = await server.admin.getFlow(flowId);
    expect(JSON.stringify(flow)).toContain('prefect.engine.executors.LocalExecutor');
    const { id } = await server.admin.createFlowRun({ flowId });
    expect((await finalStates(server.admin, [id], 50_000)).get(id)).toBe('Success');
    const runs = (await server.admin.listTaskRuns({ flowRunId: id })).nodes;
    const taskRun = runs.find((run) => run.task.name === 'double');
    expect(taskRun?.state).toBe('Success');
    expect((taskRun?.serializedState._result as { value?: unknown } | undefined)?.value).toBe(42);
  }, 55_000);
});
