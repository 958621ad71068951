import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Client } from '@headwater/client';
import { type Flow, VERSION } from '@headwater/core';
import { dockerConnectionOptions } from '@headwater/storage-docker';
import { requireTestEnv } from '@headwater/testing';
import Dockerode from 'dockerode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type Agent,
  CONTAINER_LABELS,
  createDockerAgent,
  type DockerAgentEngine,
  type DockerPlatformOptions,
  silentAgentLogger,
} from '../src/index.js';
import { dockerFlow, privateDockerFlow } from './fixtures/docker-flows.js';
import { type AgentTestServer, startAgentTestServer } from './support/agent-test-server.js';
import { deployFlowImage, removeLocalImage } from './support/docker-images.js';
import { eventually, finalStates } from './support/waiting.js';

const setup = requireTestEnv([
  'dockerHost',
  'baseImage',
  'registry',
  'authRegistry',
  'authRegistryUser',
  'authRegistryPassword',
]);

describe.runIf(setup.available)('the Docker agent with a real engine and registries', () => {
  const env = setup.available ? setup.env : ({} as never);
  // A full client: the test lists and inspects containers. Also what users pass as `docker`.
  const docker = new Dockerode(dockerConnectionOptions(env.dockerHost)) satisfies DockerAgentEngine;
  const suffix = randomBytes(4).toString('hex');
  let server: AgentTestServer;
  let admin: Client;
  let openFlowId: string;
  let openImage: string;
  let privateFlowId: string;
  let privateImage: string;
  const agents: { agent: Agent; stopped: Promise<void> }[] = [];
  const emptyDockerConfig = mkdtempSync(join(tmpdir(), 'hw-docker-config-'));

  /** Deploys the flow as an image in `registry`; resolves to the flow id and the image. */
  const deployImage = (flow: Flow, registry: string, registryAuth?: { username: string; password: string }) =>
    deployFlowImage(server, flow, env, {
      imagePrefix: 'headwater-agent-test',
      registry,
      ...(registryAuth ? { registryAuth } : {}),
    });

  beforeAll(async () => {
    server = await startAgentTestServer();
    admin = server.admin;
    ({ id: openFlowId, image: openImage } = await deployImage(dockerFlow, env.registry));
    ({ id: privateFlowId, image: privateImage } = await deployImage(privateDockerFlow, env.authRegistry, {
      username: env.authRegistryUser,
      password: env.authRegistryPassword,
    }));
  }, 600_000);

  afterAll(async () => {
    await Promise.all(
      agents.map(async ({ agent, stopped }) => {
        await agent.stop();
        await stopped;
      }),
    );
    for (const image of [openImage, privateImage]) await removeLocalImage(docker, image);
    await server?.close();
  });

  function startAgent(
    options: Partial<DockerPlatformOptions> & {
      name: string;
      api?: string | string[];
      runApi?: string;
      env?: NodeJS.ProcessEnv;
    },
  ): Agent {
    const agent = createDockerAgent({
      api: server.api,
      token: server.runnerToken,
      env: { HEADWATER__HOME_DIR: join(server.scratch, 'agent-home') },
      logger: silentAgentLogger,
      pollBackoffMs: [100, 250, 500, 1000],
      docker,
      dockerConfigDirectory: emptyDockerConfig,
      runLogLevel: 'DEBUG',
      ...options,
    });
    agents.push({ agent, stopped: agent.start() });
    return agent;
  }

  async function stopAgent(agent: Agent): Promise<void> {
    const entry = agents.find((a) => a.agent === agent)!;
    await agent.stop();
    await entry.stopped;
  }

  const removeLocal = (image: string) => removeLocalImage(docker, image);
  const logsOf = async (flowRunId: string) => (await admin.getLogs({ flowRunId, first: 500 })).nodes;
  const containersOf = (flowRunId: string) =>
    docker.listContainers({ all: true, filters: { label: [`${CONTAINER_LABELS.flowRunId}=${flowRunId}`] } });

  it('runs a flow run in a container with the run environment, labels and limits, and removes it after', async () => {
    await removeLocal(openImage);
    const agent = startAgent({
      name: 'docker-main',
      memory: '256m',
      cpus: 0.5,
      // A run setting in the agent's environment reaches the run.
      env: {
        HEADWATER__HOME_DIR: join(server.scratch, 'agent-home'),
        HEADWATER__CLOUD__HEARTBEAT_INTERVAL: '7',
      },
    });
    const { id } = await admin.createFlowRun({ flowId: openFlowId });
    const [container] = await eventually('the run container', async () => {
      const found = await containersOf(id);
      return found.length > 0 ? found : undefined;
    });
    const inspected = await docker.getContainer(container!.Id).inspect();
    expect(inspected.HostConfig.NetworkMode).toBe('host');
    expect(inspected.HostConfig.Memory).toBe(256 * 1024 ** 2);
    expect(inspected.HostConfig.NanoCpus).toBe(500_000_000);
    expect(inspected.Config.Labels).toMatchObject({ [CONTAINER_LABELS.flowId]: openFlowId });
    expect(inspected.Config.Image).toBe(openImage);
    expect(inspected.Config.Env).toEqual(
      expect.arrayContaining([
        `HEADWATER__CONTEXT__FLOW_RUN_ID=${id}`,
        `HEADWATER__CLOUD__API=${server.api}`,
        `HEADWATER__CLOUD__AUTH_TOKEN=${server.runnerToken}`,
        'HEADWATER__LOGGING__LOG_TO_CLOUD=true',
        'HEADWATER__CLOUD__HEARTBEAT_INTERVAL=7',
      ]),
    );

    expect((await finalStates(admin, [id])).get(id)).toBe('Success');
    const [taskRun] = (await admin.listTaskRuns({ flowRunId: id })).nodes;
    expect(taskRun!.serializedState._result).toMatchObject({
      value: { flowRunId: id, contextFlowRunId: id, logLevel: 'DEBUG' },
    });
    expect(
      (await logsOf(id)).some((log) => log.message.startsWith('hello from') && log.taskRunId === taskRun!.id),
    ).toBe(true);
    expect((await admin.getFlowRun(id)).agentId).toBe(agent.id);
    // Heartbeats come from a worker thread of the run, which must start inside the image too.
    expect((await logsOf(id)).filter((log) => log.message.includes('heartbeat failed'))).toEqual([]);
    await eventually('the container to be removed', async () =>
      (await containersOf(id)).length === 0 ? true : undefined,
    );
    await stopAgent(agent);
  });

  it('fails a run whose image cannot be pulled with the registry answer in its logs, and keeps going', async () => {
    const project = (await admin.getProject(server.projectName))!;
    const { id: missingFlowId } = await admin.createFlow(
      {
        ...dockerFlow.serialize(),
        name: 'missing-image',
        storage: {
          type: 'Docker',
          registry_url: env.registry,
          image_name: `headwater-no-such-image-${suffix}`,
          image_tag: 'never-pushed',
          flows: { 'missing-image': '/opt/headwater/flows.mjs' },
          __version__: VERSION,
        },
      } as never,
      { projectId: project.id },
    );
    const agent = startAgent({ name: 'docker-refusals' });
    const { id: missing } = await admin.createFlowRun({ flowId: missingFlowId });
    const { id: good } = await admin.createFlowRun({ flowId: openFlowId });
    const states = await finalStates(admin, [missing, good]);
    await stopAgent(agent);

    expect(states.get(missing)).toBe('Failed');
    const errors = (await logsOf(missing)).filter((log) => log.level === 'ERROR').map((log) => log.message);
    expect(errors.join('\n')).toContain(
      `could not pull image ${env.registry}/headwater-no-such-image-${suffix}:never-pushed`,
    );
    expect((await admin.getFlowRun(missing)).stateMessage).toContain('could not pull image');
    expect(states.get(good)).toBe('Success');
  });

  it('pulls from a registry that needs credentials, and fails the run with the refusal without them', async () => {
    await removeLocal(privateImage);
    const without = startAgent({ name: 'docker-no-credentials' });
    const { id: refused } = await admin.createFlowRun({ flowId: privateFlowId });
    expect((await finalStates(admin, [refused])).get(refused)).toBe('Failed');
    await stopAgent(without);
    const reason = (await logsOf(refused)).find((log) => log.level === 'ERROR')!.message;
    expect(reason).toContain(`could not pull image ${privateImage} from ${env.authRegistry}`);
    expect(reason).toMatch(/unauthorized|authentication required|no basic auth credentials/i);

    const withCredentials = startAgent({
      name: 'docker-credentials',
      registryCredentials: {
        [env.authRegistry]: { username: env.authRegistryUser, password: env.authRegistryPassword },
      },
    });
    const { id: pulled } = await admin.createFlowRun({ flowId: privateFlowId });
    expect((await finalStates(admin, [pulled])).get(pulled)).toBe('Success');
    await stopAgent(withCredentials);
  });

  it('fails a run whose container cannot reach the API, with the container output in its logs', async () => {
    const agent = startAgent({ name: 'docker-unreachable', runApi: 'http://127.0.0.1:9' });
    const { id } = await admin.createFlowRun({ flowId: openFlowId });
    expect((await finalStates(admin, [id])).get(id)).toBe('Failed');
    await stopAgent(agent);
    const reason = (await logsOf(id)).find((log) => log.level === 'ERROR')!.message;
    expect(reason).toMatch(/exited with code 1 before the run reached a final state/);
    expect(reason).toContain('Could not reach the Headwater API at http://127.0.0.1:9');
    await eventually('the container to be removed', async () =>
      (await containersOf(id)).length === 0 ? true : undefined,
    );
  });

  it('hands a container every API URL, so its run reaches the API when the first one is down', async () => {
    // Nothing listens on port 9: the agent and the run both move on to the server.
    const urls = ['http://127.0.0.1:9', server.api];
    const agent = startAgent({ name: 'docker-replicas', api: urls });
    const { id } = await admin.createFlowRun({ flowId: openFlowId });
    const [container] = await eventually('the run container', async () => {
      const found = await containersOf(id);
      return found.length > 0 ? found : undefined;
    });
    const inspected = await docker.getContainer(container!.Id).inspect();
    expect(inspected.Config.Env).toContain(`HEADWATER__CLOUD__API=${urls.join(',')}`);
    expect((await finalStates(admin, [id])).get(id)).toBe('Success');
    expect((await admin.getFlowRun(id)).agentId).toBe(agent.id);
    await stopAgent(agent);
  });

  it('with pulling off, fails a run whose image is not on the host', async () => {
    await removeLocal(openImage);
    const agent = startAgent({ name: 'docker-no-pull', pull: false });
    const { id } = await admin.createFlowRun({ flowId: openFlowId });
    expect((await finalStates(admin, [id])).get(id)).toBe('Failed');
    await stopAgent(agent);
    const reason = (await logsOf(id)).find((log) => log.level === 'ERROR')!.message;
    expect(reason).toContain(`image ${openImage} is not on this Docker host and pulling is off (--no-pull)`);
  });
});
