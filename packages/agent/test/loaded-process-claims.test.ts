import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from '@headwater/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Agent, createProcessAgent, silentAgentLogger } from '../src/index.js';
import { type ReuseRunRecord, tidyFlow } from './fixtures/reuse-flows.js';
import { type AgentTestServer, startAgentTestServer } from './support/agent-test-server.js';
import { deployLocalFlows } from './support/deploy-local.js';
import { runProcessPids } from './support/run-processes.js';
import { eventually, finalStates } from './support/waiting.js';

const HANDED_RUNNING = /handed to a process of agent .* that had the flow loaded/;

describe('process agent: runs handed Running to processes that loaded their flow (real server on SQLite)', () => {
  let server: AgentTestServer;
  let flowId: string;
  let agent: Agent;
  let stopped: Promise<void>;
  let log: string;

  beforeAll(async () => {
    server = await startAgentTestServer();
    const ids = await deployLocalFlows(server.admin, server.projectName, join(server.scratch, 'flows'), [
      tidyFlow,
    ]);
    flowId = ids.get('reuse-tidy')!;
    log = join(server.scratch, 'loaded.log');
    agent = createProcessAgent({
      api: server.api,
      token: server.runnerToken,
      logger: silentAgentLogger,
      pollBackoffMs: [50, 100, 200],
      runEnv: { HEADWATER__HOME_DIR: join(server.scratch, 'run-home') },
    });
    stopped = agent.start();
  }, 120_000);

  afterAll(async () => {
    await agent?.stop();
    await stopped;
    await server?.close();
  });

  /** Creates a run and waits for it to end; its state history and the process that ran it. */
  async function run(
    labels: string[] = [],
  ): Promise<{ states: { state: string; message: string | null }[]; pid: number }> {
    const { id } = await server.admin.createFlowRun({ flowId, parameters: { log }, labels });
    expect((await finalStates(server.admin, [id], 60_000)).get(id)).toBe('Success');
    const records = readFileSync(log, 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as ReuseRunRecord);
    const pid = records.find((record) => record.flowRunId === id)!.pid;
    return { states: await server.admin.getFlowRunStates(id), pid };
  }

  /** Waits until the agent's platform has `count` processes that loaded the flow and wait. */
  const loadedProcesses = (count: number) =>
    eventually(`${count} loaded processes`, async () =>
      agent.platform.loadedFlowIds!().filter((id) => id === flowId).length >= count ? true : undefined,
    );

  it('hands the next run Running in its claim, and the loaded process runs it without writing Running again', async () => {
    await run();
    // The finished process and the standby started for the next run, both loaded.
    await loadedProcesses(2);
    // The claim already waiting when they loaded may not name them; the one after it does.
    const second = await run();
    expect(second.states.map((s) => s.state)).toEqual(['Scheduled', 'Submitted', 'Running', 'Success']);

    const waiting = runProcessPids();
    const third = await run();
    expect(third.states.map((s) => s.state)).toEqual(['Scheduled', 'Submitted', 'Running', 'Success']);
    expect(third.states[2]!.message).toMatch(HANDED_RUNNING);
    // It ran in one of the processes that waited, not in a new one.
    expect(waiting).toContain(third.pid);
  }, 120_000);

  it('starts a run handed Running in a new process when the loaded ones are gone by then', async () => {
    await run();
    await loadedProcesses(2);
    // The agent's waiting claim names the loaded process; it ends before the run comes.
    await run();
    for (const pid of runProcessPids()) process.kill(pid, 'SIGKILL');
    await eventually('the run processes to end', async () =>
      runProcessPids().length === 0 ? true : undefined,
    );

    const adopted = await run();
    expect(adopted.states.map((s) => s.state)).toEqual(['Scheduled', 'Submitted', 'Running', 'Success']);
    expect(adopted.states[2]!.message).toMatch(HANDED_RUNNING);
  }, 120_000);

  it('claims without loaded flows from an API older than them, and its loaded processes write Running', async () => {
    let refused = 0;
    // The answer of an API whose claimFlowRuns input has no loadedFlowIds, as GraphQL words it.
    const olderApi: typeof fetch = async (input, init) => {
      if (typeof init?.body === 'string' && init.body.includes('"loadedFlowIds"')) {
        refused++;
        const message =
          'Variable "$input" got invalid value; Field "loadedFlowIds" is not defined by type "claimFlowRunsInput".';
        return Response.json({ errors: [{ message, extensions: { code: 'BAD_USER_INPUT' } }] });
      }
      return fetch(input, init);
    };
    const older = createProcessAgent({
      client: new Client({
        api: server.api,
        token: server.runnerToken,
        env: {},
        config: {},
        fetch: olderApi,
      }),
      api: server.api,
      token: server.runnerToken,
      name: 'older-api',
      labels: ['older-api'],
      logger: silentAgentLogger,
      pollBackoffMs: [50, 100, 200],
      runEnv: { HEADWATER__HOME_DIR: join(server.scratch, 'run-home') },
    });
    const olderStopped = older.start();
    try {
      for (let i = 0; i < 4; i++) {
        const { states } = await run(['older-api']);
        expect(states.map((s) => s.state)).toEqual(['Scheduled', 'Submitted', 'Running', 'Success']);
        expect(states[2]!.message).not.toMatch(HANDED_RUNNING);
        if (i === 0)
          await eventually('a loaded process', async () =>
            older.platform.loadedFlowIds!().length > 0 ? true : undefined,
          );
      }
      expect(refused).toBe(1);
    } finally {
      await older.stop();
      await olderStopped;
    }
  }, 120_000);
});
