import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { DockerPlatformOptions } from '@headwater/agent';
import type { Client, FlowRunInfo, RunLog } from '@headwater/client';
import {
  deserializeState,
  FINISHED_STATES,
  type Flow,
  headwaterHome,
  readResult,
  resolveStoragePlugin,
  type StorageBackendV2,
  type StorageBuildOptions,
} from '@headwater/core';

/** How the suite's production run is set up. */
export interface ProductionRunOptions {
  /**
   * Options of the Docker agent that runs backends whose runs are containers (e.g.
   * `{ pull: false }` for images that are never pushed).
   * @default {}
   */
  dockerAgent?: DockerPlatformOptions;
  /**
   * How long the run may take, from deploy to a final state, in milliseconds.
   * @default 180_000
   */
  timeout?: number;
}

/** What a production run ended with. */
export interface DeployedRunOutcome {
  /** The flow run's final state type, e.g. `Success`. */
  state: string;
  /** Each task run's result by task slug, read back through its result handler. */
  results: Record<string, unknown>;
  /** The run's log lines, oldest first. */
  logs: RunLog[];
  /** The type of agent that ran it (`ProcessAgent`, `DockerAgent`). */
  agentType: string;
}

const LOGGER = { debug() {}, info() {}, warn() {}, error() {} };

async function waitForEnd(client: Client, flowRunId: string, deadline: number): Promise<FlowRunInfo> {
  for (;;) {
    const run = await client.getFlowRunInfo(flowRunId);
    if ((FINISHED_STATES as readonly string[]).includes(run.state)) return run;
    if (Date.now() > deadline)
      throw new Error(`flow run ${flowRunId} is still ${run.state} after the run timeout`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/**
 * Deploys `flow` with `storage` to a real Headwater server (SQLite, in this process) and
 * runs it with a stock agent, as production does: the agent resolves the storage's plugin by
 * its serialized type (from the working directory), asks it how to start the run, starts a
 * process (process agent) or a container (Docker agent), and the run reports its states and
 * logs to the API from there.
 */
export async function runDeployedFlow(input: {
  flow: Flow;
  storage: StorageBackendV2;
  buildOptions: StorageBuildOptions;
  parameters: Record<string, unknown>;
  options: ProductionRunOptions;
}): Promise<DeployedRunOutcome> {
  const deadline = Date.now() + (input.options.timeout ?? 180_000);
  // The server's own home (its SQLite file, its first token), removed afterwards: under the
  // Headwater home like everything Headwater writes, never in the system's temporary directory.
  const servers = join(headwaterHome(), 'testkit');
  await mkdir(servers, { recursive: true });
  const home = await mkdtemp(join(servers, 'server-'));
  const [{ startServer }, { Client }, agents] = await Promise.all([
    import('@headwater/server'),
    import('@headwater/client'),
    import('@headwater/agent'),
  ]);
  const server = await startServer({ port: 0, homeDir: home, services: false, print: () => {} });
  try {
    const admin = new Client({ api: server.url, token: server.initialToken!.token, config: {} });
    const project = await admin.createProject({ projectName: `testkit-${randomBytes(4).toString('hex')}` });
    input.storage.addFlow(input.flow);
    const built = await input.storage.build(input.buildOptions);
    const metadata = { ...input.flow.serialize(), storage: built.serialize() };
    const registered = await admin.createFlow(metadata as unknown as Record<string, unknown>, {
      projectId: project.id,
      setScheduleActive: false,
    });
    const { token } = await admin.createApiToken({ name: 'testkit-agent', scope: 'RUNNER' });
    const plugin = await resolveStoragePlugin(built.name);
    const common = { api: server.url, token, logger: LOGGER, listen: false, pollBackoffMs: [100, 250] };
    const agent =
      plugin.launchKind === 'container'
        ? agents.createDockerAgent({ ...common, ...input.options.dockerAgent })
        : agents.createProcessAgent({ ...common, warmProcesses: 0 });
    const agentDone = agent.start();
    try {
      const { id } = await admin.createFlowRun({ flowId: registered.id, parameters: input.parameters });
      const run = await waitForEnd(admin, id, deadline);
      const results: Record<string, unknown> = {};
      for (const taskRun of run.taskRuns) {
        results[taskRun.taskSlug] = await readResult(deserializeState(taskRun.serializedState));
      }
      const logs = (await admin.getLogs({ flowRunId: id, first: 500 })).nodes;
      return { state: run.state, results, logs, agentType: agent.platform.type };
    } finally {
      await agent.stop();
      await agentDone;
    }
  } finally {
    await server.close();
    await rm(home, { recursive: true, force: true });
  }
}
