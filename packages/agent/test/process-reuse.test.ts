import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Agent, createProcessAgent, silentAgentLogger } from '../src/index.js';
import { type ReuseRunRecord, slowTidyFlow, tidyFlow, timerFlow } from './fixtures/reuse-flows.js';
import { type AgentTestServer, startAgentTestServer } from './support/agent-test-server.js';
import { deployLocalFlows } from './support/deploy-local.js';
import { runProcessPids } from './support/run-processes.js';
import { eventually, finalStates } from './support/waiting.js';

describe('process agent: run processes reused for the next run of their flow (real server on SQLite)', () => {
  let server: AgentTestServer;
  let ids: Map<string, string>;
  let agent: Agent;
  let stopped: Promise<void>;
  let log: string;
  const output: string[] = [];

  beforeAll(async () => {
    server = await startAgentTestServer();
    ids = await deployLocalFlows(server.admin, server.projectName, join(server.scratch, 'flows'), [
      tidyFlow,
      timerFlow,
      slowTidyFlow,
    ]);
    log = join(server.scratch, 'reuse.log');
    agent = createProcessAgent({
      api: server.api,
      token: server.runnerToken,
      env: { HEADWATER__HOME_DIR: join(server.scratch, 'agent-home') },
      logger: silentAgentLogger,
      pollBackoffMs: [50, 100, 200],
      runEnv: { HEADWATER__HOME_DIR: join(server.scratch, 'run-home') },
      output: (line) => output.push(line),
    });
    stopped = agent.start();
  }, 120_000);

  afterAll(async () => {
    await agent?.stop();
    await stopped;
    await server?.close();
  });

  const records = (): ReuseRunRecord[] =>
    readFileSync(log, 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as ReuseRunRecord);

  /** Runs `flow` `times` times, one after another; what each run recorded. */
  async function runs(flow: string, times: number, labels: string[] = []): Promise<ReuseRunRecord[]> {
    const recorded: ReuseRunRecord[] = [];
    for (let i = 0; i < times; i++) {
      const { id } = await server.admin.createFlowRun({
        flowId: ids.get(flow)!,
        parameters: { log },
        labels,
      });
      expect((await finalStates(server.admin, [id], 60_000)).get(id)).toBe('Success');
      const record = records().find((r) => r.flowRunId === id);
      if (!record) throw new Error(`run ${id} left no record`);
      recorded.push(record);
    }
    return recorded;
  }

  it('runs the next run in the process that finished the last one, with flow modules no earlier run touched', async () => {
    const recorded = await runs('reuse-tidy', 5);
    // Every run saw a module instance of its own, though processes ran several runs.
    for (const record of recorded) expect(record.runsOfThisModule).toBe(1);
    const pids = recorded.map((record) => record.pid);
    expect(new Set(pids).size).toBeLessThan(pids.length);
    expect(recorded.slice(2).every((record) => record.pid === recorded[1]!.pid)).toBe(true);
  }, 120_000);

  it('ends a process whose run left work behind (a timer) instead of running another run in it, and says why', async () => {
    const recorded = await runs('reuse-timer', 3);
    const pids = recorded.map((record) => record.pid);
    expect(new Set(pids).size).toBe(pids.length);
    for (const pid of pids) {
      await eventually(`process ${pid} to end`, async () =>
        runProcessPids().includes(pid) ? undefined : true,
      );
    }
    expect(
      output.some((line) => /ends instead of running another run: the run left 1 active Timeout/.test(line)),
    ).toBe(true);
  }, 120_000);

  it('starts a new process for every run with reuseProcesses: false', async () => {
    const fresh = createProcessAgent({
      api: server.api,
      token: server.runnerToken,
      name: 'no-reuse',
      labels: ['no-reuse'],
      logger: silentAgentLogger,
      pollBackoffMs: [50, 100, 200],
      runEnv: { HEADWATER__HOME_DIR: join(server.scratch, 'run-home') },
      reuseProcesses: false,
    });
    const freshStopped = fresh.start();
    try {
      const pids = (await runs('reuse-tidy', 3, ['no-reuse'])).map((record) => record.pid);
      expect(new Set(pids).size).toBe(3);
    } finally {
      await fresh.stop();
      await freshStopped;
    }
  }, 120_000);

  it('starts no standby process while every slot is taken: a process that finishes takes the next run', async () => {
    const marker = 'two-slot-agent';
    const twoSlots = createProcessAgent({
      api: server.api,
      token: server.runnerToken,
      name: marker,
      labels: [marker],
      maxConcurrent: 2,
      logger: silentAgentLogger,
      pollBackoffMs: [50, 100, 200],
      runEnv: { HEADWATER__HOME_DIR: join(server.scratch, 'run-home'), HEADWATER_TEST_AGENT: marker },
    });
    const twoSlotsStopped = twoSlots.start();
    /** The run processes this agent started that are alive now (their environment names it). */
    const processesOfAgent = () =>
      runProcessPids().filter((pid) => {
        try {
          return readFileSync(`/proc/${pid}/environ`, 'utf8').includes(`HEADWATER_TEST_AGENT=${marker}`);
        } catch {
          return false;
        }
      });
    try {
      // A first run: its process, and a standby for the next, both say they run several runs.
      const [first] = await runs('reuse-slow-tidy', 1, [marker]);
      const loaded = await eventually('the first process and a standby', async () => {
        const pids = processesOfAgent();
        return pids.length === 2 ? pids : undefined;
      });
      expect(loaded).toContain(first!.pid);
      // Three runs at once for two slots: both processes take one; the third waits for a slot
      // and the process that freed it. A standby started while both ran would be a third.
      const created = await Promise.all(
        [0, 1, 2].map(() =>
          server.admin.createFlowRun({
            flowId: ids.get('reuse-slow-tidy')!,
            parameters: { log },
            labels: [marker],
          }),
        ),
      );
      const ended = await finalStates(
        server.admin,
        created.map(({ id }) => id),
        60_000,
      );
      expect([...ended.values()]).toEqual(['Success', 'Success', 'Success']);
      const pids = created.map(({ id }) => records().find((record) => record.flowRunId === id)!.pid);
      expect(new Set(pids)).toEqual(new Set(loaded));
      expect(processesOfAgent().sort()).toEqual([...loaded].sort());
    } finally {
      await twoSlots.stop();
      await twoSlotsStopped;
    }
  }, 120_000);

  it('ends the processes it keeps when the agent stops', async () => {
    await runs('reuse-tidy', 2);
    expect(runProcessPids().length).toBeGreaterThan(0);
    await agent.stop();
    await stopped;
    await eventually('the run processes to end', async () =>
      runProcessPids().length === 0 ? true : undefined,
    );
  }, 120_000);
});
