import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Client } from '@headwater/client';
import { dockerConnectionOptions } from '@headwater/storage-docker';
import { requireTestEnv } from '@headwater/testing';
import Dockerode from 'dockerode';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { type Agent, CONTAINER_LABELS, createDockerAgent, silentAgentLogger } from '../src/index.js';
import { dockerApprovalFlow } from './fixtures/approval-flows.js';
import { type AgentTestServer, startAgentTestServer } from './support/agent-test-server.js';
import { resumeToSuccess, runUntilPaused } from './support/approval-journey.js';
import { deployFlowImage, removeLocalImage } from './support/docker-images.js';

const setup = requireTestEnv(['dockerHost', 'baseImage', 'registry']);

describe.runIf(setup.available)('an approval step run by the Docker agent', () => {
  const env = setup.available ? setup.env : ({} as never);
  const docker = new Dockerode(dockerConnectionOptions(env.dockerHost));
  let server: AgentTestServer;
  let admin: Client;
  let flowId: string;
  let image: string | undefined;
  let agent: Agent;
  let stopped: Promise<void>;

  beforeAll(async () => {
    server = await startAgentTestServer();
    admin = server.admin;
    ({ id: flowId, image } = await deployFlowImage(server, dockerApprovalFlow, env, {
      imagePrefix: 'headwater-approval-test',
    }));
    agent = createDockerAgent({
      api: server.api,
      token: server.runnerToken,
      env: { HEADWATER__HOME_DIR: join(server.scratch, 'agent-home') },
      logger: silentAgentLogger,
      pollBackoffMs: [100, 250, 500],
      docker,
      dockerConfigDirectory: mkdtempSync(join(tmpdir(), 'hw-docker-config-')),
    });
    stopped = agent.start();
  }, 85_000);
  afterAll(async () => {
    await agent?.stop();
    await stopped;
    await removeLocalImage(docker, image);
    await server?.close();
  });

  it('pauses at the approval with no container running, and finishes once resumed', async () => {
    const released = async (flowRunId: string) => {
      const running = await docker.listContainers({
        filters: { label: [`${CONTAINER_LABELS.flowRunId}=${flowRunId}`] },
      });
      return !agent.heldRuns.includes(flowRunId) && running.length === 0;
    };
    const { flowRunId } = await runUntilPaused(admin, flowId, released);
    await resumeToSuccess(admin, flowRunId);
  });
});
