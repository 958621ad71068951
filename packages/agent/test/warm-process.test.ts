import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Agent, createProcessAgent, silentAgentLogger } from '../src/index.js';
import { type WarmRunRecord, warmIsolationFlow } from './fixtures/warm-flows.js';
import { type AgentTestServer, startAgentTestServer } from './support/agent-test-server.js';
import { deployLocalFlows } from './support/deploy-local.js';
import { type RecordingProxy, startRecordingProxy } from './support/recording-proxy.js';
import { eventually, finalStates } from './support/waiting.js';

/** Pids of this process's children waiting as warm processes (`… execute flow-run --started-fd=3 --standby`). */
function standbyPids(): number[] {
  const out = execFileSync('ps', ['-o', 'pid=,args=', '--ppid', String(process.pid)], { encoding: 'utf8' });
  return out
    .split('\n')
    .filter((line) => line.includes('execute flow-run --started-fd=3 --standby'))
    .map((line) => Number(line.trim().split(/\s+/)[0]));
}

describe('warm processes of a process agent (real server on SQLite, Local storage)', () => {
  let server: AgentTestServer;
  /** Agents and their runs reach the server through it. */
  let proxy: RecordingProxy;
  let flowId: string;
  let agent: Agent;
  let stopped: Promise<void>;
  let log: string;

  beforeAll(async () => {
    server = await startAgentTestServer();
    const ids = await deployLocalFlows(server.admin, server.projectName, join(server.scratch, 'flows'), [
      warmIsolationFlow,
    ]);
    flowId = ids.get('warm-isolation')!;
    log = join(server.scratch, 'warm.log');
    proxy = await startRecordingProxy(server.api);
    agent = createProcessAgent({
      api: proxy.api,
      token: server.runnerToken,
      env: { HEADWATER__HOME_DIR: join(server.scratch, 'agent-home') },
      logger: silentAgentLogger,
      pollBackoffMs: [50, 100, 200],
      runEnv: { HEADWATER__HOME_DIR: join(server.scratch, 'run-home') },
      compileCache: join(server.scratch, 'compile-cache'),
    });
    stopped = agent.start();
  }, 120_000);

  afterAll(async () => {
    await agent?.stop();
    await stopped;
    await proxy?.close();
    await server?.close();
  });

  const records = (): WarmRunRecord[] =>
    readFileSync(log, 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as WarmRunRecord);

  /** Creates one run, waits for it to succeed, and returns what it recorded with its creation time. */
  async function runOnce(): Promise<{ record: WarmRunRecord; created: number }> {
    const created = Date.now();
    const { id } = await server.admin.createFlowRun({ flowId, parameters: { log } });
    expect((await finalStates(server.admin, [id], 60_000)).get(id)).toBe('Success');
    const record = records().find((r) => r.flowRunId === id);
    if (!record) throw new Error(`run ${id} left no record`);
    return { record, created };
  }

  it('runs each run in a process of its own, started before the run: no state or environment carries over', async () => {
    const first = await runOnce();
    const later = [await runOnce(), await runOnce(), await runOnce()];
    for (const { record } of [first, ...later]) {
      expect(record.runsInThisProcess).toBe(1);
      expect(record.givenRunId).toBe(record.flowRunId);
      expect(record.leftByEarlierRun).toBeUndefined();
    }
    expect(new Set([first, ...later].map(({ record }) => record.pid)).size).toBe(4);
    // Every run after the first ran in a process that was already started (and loaded) when it was created.
    for (const { record, created } of later) expect(record.processStartedAt).toBeLessThan(created);
  }, 120_000);

  it('replaces a warm process that was killed, and the next run still starts warm', async () => {
    const [victim] = await eventually('a warm process', async () => {
      const pids = standbyPids();
      return pids.length > 0 ? pids : undefined;
    });
    process.kill(victim!, 'SIGKILL');
    const [replacement] = await eventually('a replacement warm process', async () => {
      const pids = standbyPids().filter((pid) => pid !== victim);
      return pids.length > 0 ? pids : undefined;
    });
    const { record, created } = await runOnce();
    expect(record.pid).toBe(replacement);
    expect(record.processStartedAt).toBeLessThan(created);
    expect(record.runsInThisProcess).toBe(1);
  }, 120_000);

  it('hands a warm process its run as claimed, so the run reads nothing before Running; the next warm process starts after that', async () => {
    const runs = [await runOnce(), await runOnce(), await runOnce()];
    for (const { record } of runs) {
      const reads = proxy.requests.filter(
        (request) => request.operation === 'flowRunInfo' && request.variables.id === record.flowRunId,
      );
      expect(reads).toEqual([]);
      expect(record.runsInThisProcess).toBe(1);
    }
    for (const [index, { record }] of runs.entries()) {
      if (index === 0) continue;
      const previous = runs[index - 1]!.record.flowRunId;
      const running = (await server.admin.getFlowRunStates(previous)).find(
        (state) => state.state === 'Running',
      );
      // Started once the run before it was Running, not alongside it.
      expect(record.processStartedAt).toBeGreaterThanOrEqual(Date.parse(running!.timestamp));
    }
  }, 120_000);

  it("keeps the run processes' compiled code in the agent's compile cache, so the next process skips compiling its bundle", () => {
    const cached = readdirSync(join(server.scratch, 'compile-cache'), { recursive: true });
    expect(cached.length).toBeGreaterThan(0);
  });
});
