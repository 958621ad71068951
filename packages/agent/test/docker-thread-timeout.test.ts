import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dockerConnectionOptions } from '@headwater/storage-docker';
import { requireTestEnv } from '@headwater/testing';
import Dockerode from 'dockerode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDockerAgent, silentAgentLogger } from '../src/index.js';
import { cpuBoundFlow } from './fixtures/thread-flows.js';
import { type AgentTestServer, startAgentTestServer } from './support/agent-test-server.js';
import { deployFlowImage, removeLocalImage } from './support/docker-images.js';
import { finalStates } from './support/waiting.js';

const setup = requireTestEnv(['dockerHost', 'baseImage', 'registry']);

describe.runIf(setup.available)('a timed-out CPU-bound task under the Docker agent', () => {
  const env = setup.available ? setup.env : ({} as never);
  const docker = new Dockerode(dockerConnectionOptions(env.dockerHost));
  let server: AgentTestServer;
  let flowId: string;
  let image: string;

  beforeAll(async () => {
    server = await startAgentTestServer();
    ({ id: flowId, image } = await deployFlowImage(server, cpuBoundFlow, env, {
      imagePrefix: 'headwater-thread-test',
    }));
  }, 600_000);
  afterAll(async () => {
    await removeLocalImage(docker, image);
    await server?.close();
  });

  it('runs in a thread loaded from the image, stopped at the limit: TimedOut after its retry', async () => {
    const agent = createDockerAgent({
      api: server.api,
      token: server.runnerToken,
      env: { HEADWATER__HOME_DIR: join(server.scratch, 'agent-home') },
      logger: silentAgentLogger,
      pollBackoffMs: [100, 250, 500],
      docker,
      dockerConfigDirectory: mkdtempSync(join(tmpdir(), 'hw-docker-config-')),
    });
    const stopped = agent.start();
    const { id } = await server.admin.createFlowRun({
      flowId,
      parameters: { attempts: '/tmp/attempts.log', marker: '/tmp/marker' },
    });
    const states = await finalStates(server.admin, [id], 120_000);
    await agent.stop();
    await stopped;

    expect(states.get(id)).toBe('Failed');
    const crunch = (await server.admin.listTaskRuns({ flowRunId: id })).nodes.find((t) =>
      t.taskSlug.startsWith('crunch'),
    );
    // Stopped at the limit (run in the run's thread, it would have ended "ran synchronously past its limit").
    expect(crunch).toMatchObject({ state: 'TimedOut', stateMessage: 'Task timed out after 300 ms.' });
    const logs = (await server.admin.getLogs({ flowRunId: id, first: 500 })).nodes;
    expect(
      logs
        .filter((log) => log.message.endsWith('in a thread') && log.taskRunId === crunch!.id)
        .map((l) => l.message),
    ).toEqual(['attempt-1 in a thread', 'attempt-2 in a thread']);
  });
});
