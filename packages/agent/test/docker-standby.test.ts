import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dockerConnectionOptions } from '@headwater/storage-docker';
import { requireTestEnv } from '@headwater/testing';
import Dockerode from 'dockerode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type AgentLogger,
  CONTAINER_LABELS,
  createDockerAgent,
  type DockerPlatformOptions,
} from '../src/index.js';
import { dockerFlow } from './fixtures/docker-flows.js';
import { type AgentTestServer, startAgentTestServer } from './support/agent-test-server.js';
import { deployFlowImage, removeLocalImage } from './support/docker-images.js';
import { eventually, finalStates } from './support/waiting.js';

const setup = requireTestEnv(['dockerHost', 'baseImage', 'registry']);

describe.runIf(setup.available)('standby containers of the Docker agent (real engine and registry)', () => {
  const env = setup.available ? setup.env : ({} as never);
  const docker = new Dockerode(dockerConnectionOptions(env.dockerHost));
  let server: AgentTestServer;
  let flowId: string;
  let image: string | undefined;

  beforeAll(async () => {
    server = await startAgentTestServer();
    ({ id: flowId, image } = await deployFlowImage(server, dockerFlow, env, {
      imagePrefix: 'headwater-standby-test',
    }));
  }, 600_000);

  afterAll(async () => {
    await removeLocalImage(docker, image);
    await server?.close();
  });

  /** A Docker agent that records its log lines and what each run printed. */
  function startAgent(options: Partial<DockerPlatformOptions> = {}) {
    const lines: string[] = [];
    const printed = new Map<string, string[]>();
    const record = (message: string) => void lines.push(message);
    const logger: AgentLogger = { debug: record, info: record, warn: record, error: record };
    const agent = createDockerAgent({
      api: server.api,
      token: server.runnerToken,
      env: { HEADWATER__HOME_DIR: join(server.scratch, 'agent-home') },
      logger,
      pollBackoffMs: [100, 250, 500],
      docker,
      dockerConfigDirectory: mkdtempSync(join(tmpdir(), 'hw-docker-config-')),
      output: (line, run) => printed.set(run.flowRunId, [...(printed.get(run.flowRunId) ?? []), line]),
      ...options,
    });
    const stopped = agent.start();
    return {
      lines,
      printed,
      /** The container (12 hex digits) the agent says it started the run as. */
      containerOf: (flowRunId: string) =>
        /as container ([0-9a-f]{12})\./.exec(
          lines.find((line) => line.includes(`(${flowRunId}) as`)) ?? '',
        )?.[1],
      async stop() {
        await agent.stop();
        await stopped;
      },
    };
  }

  const standbys = () =>
    docker.listContainers({
      all: true,
      filters: { label: [`${CONTAINER_LABELS.standby}=true`, `${CONTAINER_LABELS.flowId}=${flowId}`] },
    });
  /** The standby container of the flow that waits for a run. */
  const waitingStandby = () =>
    eventually('a standby container waiting for a run', async () =>
      (await standbys()).find(
        (container) => container.State === 'running' && container.Names[0]!.startsWith('/headwater-standby-'),
      ),
    );
  const runContainers = (flowRunId: string) =>
    docker.listContainers({ all: true, filters: { label: [`${CONTAINER_LABELS.flowRunId}=${flowRunId}`] } });
  const runSucceeds = async (flowRunId: string) =>
    expect((await finalStates(server.admin, [flowRunId])).get(flowRunId)).toBe('Success');

  it('hands the next run of a flow to a standby container started before the run existed', async () => {
    const agent = startAgent();
    try {
      const { id: first } = await server.admin.createFlowRun({ flowId });
      await runSucceeds(first);
      const standby = await waitingStandby();
      const waiting = await docker.getContainer(standby.Id).inspect();
      expect(waiting.Config.Cmd.at(-1)).toBe('--standby');
      expect(waiting.Config.OpenStdin).toBe(true);
      expect(waiting.Config.Env).toContain(`HEADWATER__CLOUD__API=${server.api}`);
      expect(
        waiting.Config.Env.filter((entry) => entry.startsWith('HEADWATER__CONTEXT__FLOW_RUN_ID')),
      ).toEqual([]);

      const beforeRun = Date.now();
      const { id: second } = await server.admin.createFlowRun({ flowId });
      const { name } = await server.admin.getFlowRun(second);
      const renamed = await eventually('the standby to be named after its run', async () => {
        const inspected = await docker.getContainer(standby.Id).inspect();
        return inspected.Name.startsWith('/headwater-standby-') ? undefined : inspected;
      });
      expect(renamed.Name).toMatch(new RegExp(`^/headwater-${name}-[0-9a-f]{8}$`));
      expect(Date.parse(renamed.Created)).toBeLessThan(beforeRun);
      await runSucceeds(second);

      expect(agent.containerOf(second)).toBe(standby.Id.slice(0, 12));
      expect(agent.containerOf(first)).not.toBe(standby.Id.slice(0, 12));
      const exitLine = `Flow run ${name} (${second}): container ${standby.Id.slice(0, 12)} exited with code 0.`;
      await eventually('the agent to see the container exit', async () =>
        agent.lines.includes(exitLine) ? true : undefined,
      );
      const states = await server.admin.getFlowRunStates(second);
      expect(states.map((state) => state.state)).toEqual(['Scheduled', 'Submitted', 'Running', 'Success']);
      const [taskRun] = (await server.admin.listTaskRuns({ flowRunId: second })).nodes;
      expect(taskRun!.serializedState._result).toMatchObject({
        value: { flowRunId: second, contextFlowRunId: second },
      });
      const logs = (await server.admin.getLogs({ flowRunId: second, first: 500 })).nodes;
      expect(logs.some((log) => log.message.startsWith('hello from') && log.taskRunId === taskRun!.id)).toBe(
        true,
      );
      expect(agent.printed.get(second)?.some((line) => line.includes('hello from'))).toBe(true);
      await eventually('the container to be removed after its run', async () =>
        (await docker.listContainers({ all: true, filters: { id: [standby.Id] } })).length === 0
          ? true
          : undefined,
      );

      // A standby killed before its run came is never handed one: the run gets its own container.
      const next = await waitingStandby();
      await docker.getContainer(next.Id).kill();
      await eventually('the killed standby to be gone', async () =>
        (await docker.listContainers({ all: true, filters: { id: [next.Id] } })).length === 0
          ? true
          : undefined,
      );
      const { id: third } = await server.admin.createFlowRun({ flowId });
      const [own] = await eventually('the run container', async () => {
        const found = await runContainers(third);
        return found.length > 0 ? found : undefined;
      });
      await runSucceeds(third);
      expect(agent.containerOf(third)).toBe(own!.Id.slice(0, 12));
      expect(agent.containerOf(third)).not.toBe(next.Id.slice(0, 12));

      // Stopping the agent removes the standby it started after that run.
      await waitingStandby();
    } finally {
      await agent.stop();
    }
    expect(await standbys()).toEqual([]);
  }, 180_000);

  it('removes a standby container that waited longer than the idle timeout', async () => {
    const agent = startAgent({ standbyIdleTimeoutMs: 2000 });
    try {
      const { id } = await server.admin.createFlowRun({ flowId });
      await runSucceeds(id);
      const standby = await waitingStandby();
      await eventually(
        'the idle standby to be removed',
        async () =>
          (await docker.listContainers({ all: true, filters: { id: [standby.Id] } })).length === 0
            ? true
            : undefined,
        20_000,
      );
    } finally {
      await agent.stop();
    }
  }, 120_000);

  it('starts no standby containers with standbyContainers 0: each run gets its own container', async () => {
    const agent = startAgent({ standbyContainers: 0 });
    try {
      const ids: string[] = [];
      for (let i = 0; i < 2; i++) {
        const { id } = await server.admin.createFlowRun({ flowId });
        await eventually('the run container', async () =>
          (await runContainers(id)).length > 0 ? true : undefined,
        );
        await runSucceeds(id);
        ids.push(id);
        // A standby would have started a second after the run, which took longer than that.
        expect(await standbys()).toEqual([]);
      }
      expect(new Set(ids.map((id) => agent.containerOf(id))).size).toBe(2);
    } finally {
      await agent.stop();
    }
  }, 120_000);
});
