import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import type { Client } from '@headwater/client';
import { VERSION } from '@headwater/core';
import { createDockerStorage, dockerConnectionOptions } from '@headwater/storage-docker';
import { createLocalStorage } from '@headwater/storage-local';
import { requireTestEnv } from '@headwater/testing';
import Dockerode from 'dockerode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Agent, createDockerAgent, createProcessAgent, silentAgentLogger } from '../src/index.js';
import { dockerWhereFlow, localWhereFlow } from './fixtures/mixed-flows.js';
import { type AgentTestServer, startAgentTestServer } from './support/agent-test-server.js';
import { eventually, finalStates } from './support/waiting.js';

const setup = requireTestEnv(['dockerHost', 'baseImage', 'registry']);

describe.runIf(setup.available)('a process agent and a Docker agent on one queue', () => {
  const env = setup.available ? setup.env : ({} as never);
  const docker = new Dockerode(dockerConnectionOptions(env.dockerHost));
  const imageName = `headwater-mixed-${randomBytes(4).toString('hex')}`;
  let server: AgentTestServer;
  let admin: Client;
  let image: string | undefined;
  const ids = new Map<string, string>();
  const agents: { agent: Agent; stopped: Promise<void> }[] = [];

  beforeAll(async () => {
    server = await startAgentTestServer();
    admin = server.admin;
    localWhereFlow.storage = createLocalStorage({ directory: join(server.scratch, 'flows') });
    dockerWhereFlow.storage = createDockerStorage({
      registryUrl: env.registry,
      baseImage: env.baseImage,
      dockerHost: env.dockerHost,
      imageName,
    });
    for (const flow of [localWhereFlow, dockerWhereFlow]) {
      const deployed = await admin.deploy(flow, server.projectName, { setScheduleActive: false });
      ids.set(flow.name, deployed.id);
      const storage = deployed.serializedFlow.storage as Record<string, string>;
      if (storage.type === 'Docker')
        image = `${storage.registry_url}/${storage.image_name}:${storage.image_tag}`;
    }
    const project = (await admin.getProject(server.projectName))!;
    const unrunnable = await admin.createFlow(
      {
        ...localWhereFlow.serialize(),
        name: 'mixed-elsewhere',
        storage: { type: 'headwater-storage-nowhere:storagePlugin', flows: {}, __version__: VERSION },
      } as never,
      { projectId: project.id, setScheduleActive: false },
    );
    ids.set('mixed-elsewhere', unrunnable.id);
  }, 600_000);

  afterAll(async () => {
    for (const { agent, stopped } of agents) {
      await agent.stop();
      await stopped;
    }
    if (image)
      await docker
        .getImage(image)
        .remove({ force: true, noprune: true })
        .catch(() => undefined);
    await server?.close();
  });

  it('each takes only the runs it can start; nothing is claimed and failed; a run nobody can take says so', async () => {
    const common = {
      api: server.api,
      token: server.runnerToken,
      env: { HEADWATER__HOME_DIR: join(server.scratch, 'agent-home') },
      logger: silentAgentLogger,
      pollBackoffMs: [100, 250, 500],
    };
    const processAgent = createProcessAgent({ ...common, name: 'mixed-process' });
    const dockerAgent = createDockerAgent({ ...common, name: 'mixed-docker', docker });
    for (const agent of [processAgent, dockerAgent]) agents.push({ agent, stopped: agent.start() });
    await eventually('both agents to register', async () =>
      processAgent.id && dockerAgent.id ? true : undefined,
    );

    const runs: { id: string; flow: string }[] = [];
    for (let i = 0; i < 3; i++) {
      for (const flow of ['mixed-local', 'mixed-docker']) {
        runs.push({ id: (await admin.createFlowRun({ flowId: ids.get(flow)! })).id, flow });
      }
    }
    const waiting = (await admin.createFlowRun({ flowId: ids.get('mixed-elsewhere')! })).id;
    const states = await finalStates(
      admin,
      runs.map((run) => run.id),
      300_000,
    );

    expect(processAgent.storageTypes).toEqual(['Local']);
    expect(dockerAgent.storageTypes).toEqual(['Docker']);
    for (const run of runs) {
      expect(states.get(run.id), run.flow).toBe('Success');
      const history = (await admin.getFlowRunStates(run.id)).map((s) => s.state);
      expect(history).toEqual(['Scheduled', 'Submitted', 'Running', 'Success']);
      const { agentId } = await admin.getFlowRun(run.id);
      expect(agentId).toBe(run.flow === 'mixed-local' ? processAgent.id : dockerAgent.id);
    }
    expect((await admin.getFlowRunStates(waiting)).map((s) => s.state)).toEqual(['Scheduled']);
    const { flowRun } = await admin.graphql<{ flowRun: { waitingFor: string | null } }>(
      'query ($id: ID!) { flowRun(id: $id) { waitingFor } }',
      { id: waiting },
    );
    expect(flowRun.waitingFor).toMatch(/headwater-storage-nowhere/);
    expect(flowRun.waitingFor).toMatch(/--plugin headwater-storage-nowhere/);
  }, 400_000);
});
