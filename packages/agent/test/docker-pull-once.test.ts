import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dockerConnectionOptions } from '@headwater/storage-docker';
import { requireTestEnv } from '@headwater/testing';
import Dockerode from 'dockerode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Agent, createDockerAgent, silentAgentLogger } from '../src/index.js';
import { dockerFlow } from './fixtures/docker-flows.js';
import { type AgentTestServer, startAgentTestServer } from './support/agent-test-server.js';
import { deployFlowImage, removeLocalImage } from './support/docker-images.js';
import { finalStates } from './support/waiting.js';

const setup = requireTestEnv(['dockerHost', 'baseImage', 'registry']);

/** The image pulls the engine recorded for `image` between `since` and now (epoch seconds). */
async function pullsOf(docker: Dockerode, image: string, since: number): Promise<number> {
  const stream = (await docker.getEvents({
    since,
    until: Math.ceil(Date.now() / 1000) + 1,
    filters: { type: ['image'], event: ['pull'] },
  })) as unknown as NodeJS.ReadableStream;
  let text = '';
  for await (const chunk of stream) text += chunk.toString();
  return text
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as { id?: string })
    .filter((event) => event.id === image).length;
}

describe.runIf(setup.available)(
  'the Docker agent starting runs of one image (real engine and registry)',
  () => {
    const env = setup.available ? setup.env : ({} as never);
    const docker = new Dockerode(dockerConnectionOptions(env.dockerHost));
    let server: AgentTestServer;
    let flowId: string;
    let image: string;
    let agent: Agent;
    let stopped: Promise<void> | undefined;

    beforeAll(async () => {
      server = await startAgentTestServer();
      ({ id: flowId, image } = await deployFlowImage(server, dockerFlow, env, {
        imagePrefix: 'headwater-pull-once',
      }));
      agent = createDockerAgent({
        api: server.api,
        token: server.runnerToken,
        env: { HEADWATER__HOME_DIR: join(server.scratch, 'agent-home') },
        logger: silentAgentLogger,
        pollBackoffMs: [100, 250, 500],
        maxConcurrent: 4,
        docker,
        dockerConfigDirectory: mkdtempSync(join(tmpdir(), 'hw-docker-config-')),
      });
    }, 600_000);

    afterAll(async () => {
      await agent?.stop();
      await stopped;
      await removeLocalImage(docker, image);
      await server?.close();
    });

    it('pulls the image once for concurrent runs, and each run reports Running from inside before its task starts', async () => {
      const since = Math.floor(Date.now() / 1000) - 1;
      const ids: string[] = [];
      for (let i = 0; i < 4; i += 1) ids.push((await server.admin.createFlowRun({ flowId })).id);
      stopped = agent.start();
      const states = await finalStates(server.admin, ids, 120_000);
      expect([...states.values()]).toEqual(['Success', 'Success', 'Success', 'Success']);
      const [later] = [(await server.admin.createFlowRun({ flowId })).id];
      expect((await finalStates(server.admin, [later!], 60_000)).get(later!)).toBe('Success');

      expect(await pullsOf(docker, image, since)).toBe(1);

      for (const id of [...ids, later!]) {
        const history = await server.admin.getFlowRunStates(id);
        expect(history.map((s) => s.state)).toEqual(['Scheduled', 'Submitted', 'Running', 'Success']);
        const running = Date.parse(history.find((s) => s.state === 'Running')!.timestamp);
        const [taskRun] = (await server.admin.listTaskRuns({ flowRunId: id })).nodes;
        const taskStates = await server.admin.getTaskRunStates(taskRun!.id);
        const taskStarted = Date.parse(taskStates.find((s) => s.state === 'Running')!.timestamp);
        expect(running).toBeLessThanOrEqual(taskStarted);
      }
    }, 300_000);
  },
);
