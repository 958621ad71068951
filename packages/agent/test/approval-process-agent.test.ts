import { join } from 'node:path';
import type { Client } from '@headwater/client';
import { Paused, Retrying, Running } from '@headwater/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Agent, createProcessAgent, silentAgentLogger } from '../src/index.js';
import { localApprovalFlow } from './fixtures/approval-flows.js';
import { type AgentTestServer, startAgentTestServer } from './support/agent-test-server.js';
import { resumeToSuccess, runUntilPaused } from './support/approval-journey.js';
import { deployLocalFlows } from './support/deploy-local.js';
import { eventually, finalStates } from './support/waiting.js';

/** True when no process has id `pid`. */
function gone(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

describe('an approval step run by the process agent', () => {
  let server: AgentTestServer;
  let admin: Client;
  let flowId: string;
  let agent: Agent;
  let stopped: Promise<void>;

  beforeAll(async () => {
    server = await startAgentTestServer();
    admin = server.admin;
    const ids = await deployLocalFlows(admin, server.projectName, join(server.scratch, 'flows'), [
      localApprovalFlow,
    ]);
    flowId = ids.get(localApprovalFlow.name)!;
    agent = createProcessAgent({
      api: server.api,
      token: server.runnerToken,
      env: { HEADWATER__HOME_DIR: join(server.scratch, 'agent-home') },
      logger: silentAgentLogger,
      pollBackoffMs: [100, 250, 500],
      // No process waits for the flow's next run once its run is over: the process that ran the
      // run up to its approval must end (process-reuse.test.ts covers processes that wait).
      idleProcesses: 0,
      runEnv: {
        HEADWATER__HOME_DIR: join(server.scratch, 'run-home'),
        HEADWATER__LOGGING__FLUSH_INTERVAL: '0.2',
      },
    });
    stopped = agent.start();
  }, 80_000);
  afterAll(async () => {
    await agent?.stop();
    await stopped;
    await server?.close();
  });

  it('pauses at the approval with no run process left, and finishes once resumed', async () => {
    const released = async (flowRunId: string) => {
      const prepare = (await admin.listTaskRuns({ flowRunId, first: 10 })).nodes.find(
        (t) => t.task.name === 'prepare',
      )!;
      const pid = (prepare.serializedState._result as { value: number }).value;
      return !agent.heldRuns.includes(flowRunId) && gone(pid);
    };
    const { flowRunId } = await runUntilPaused(admin, flowId, released);
    await resumeToSuccess(admin, flowRunId);
    const taskRuns = (await admin.listTaskRuns({ flowRunId, first: 10 })).nodes;
    const pidOf = (name: string) =>
      (taskRuns.find((t) => t.task.name === name)!.serializedState._result as { value: number }).value;
    // The resumed tasks ran in a new process.
    expect(pidOf('approve')).toBe(pidOf('publish'));
    expect(pidOf('approve')).not.toBe(pidOf('prepare'));
  });

  it('leaves a paused task run alone when it takes the run up again for another task due', async () => {
    // Due in an hour, so the agent leaves it alone until the test has made it Running.
    const scheduledStartTime = new Date(Date.now() + 3_600_000);
    const { id, version } = await admin.createFlowRun({ flowId, scheduledStartTime });
    await admin.setFlowRunState(id, version, new Running({ message: 'Running flow.' }).serialize());
    const byName = async () =>
      new Map((await admin.listTaskRuns({ flowRunId: id, first: 10 })).nodes.map((t) => [t.task.name, t]));
    const before = await byName();
    // The approval is Paused before the retry makes the run due: the agent, waiting to claim,
    // takes the run up as soon as that retry is written.
    await admin.setTaskRunState(
      before.get('approve')!.id,
      before.get('approve')!.version,
      new Paused({ message: 'Waiting for approval.' }).serialize(),
    );
    const retry = new Retrying({ message: 'Retrying.', startTime: new Date(Date.now() - 1000), runCount: 1 });
    await admin.setTaskRunState(before.get('prepare')!.id, before.get('prepare')!.version, retry.serialize());

    await eventually('the run to be left Paused', async () =>
      (await admin.getFlowRun(id)).state === 'Paused' ? true : undefined,
    );
    const after = await byName();
    expect(after.get('prepare')?.state).toBe('Success');
    expect(after.get('approve')?.state).toBe('Paused');
    await admin.resumeFlowRun(id);
    expect([...(await finalStates(admin, [id], 60_000)).values()]).toEqual(['Success']);
  });
});
