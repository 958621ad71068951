import type { UiServer } from './headwater.js';

interface RunView {
  flowRun: {
    version: number;
    state: string;
    taskRuns: { id: string; taskSlug: string; version: number; state: string }[];
  };
}

const RUN_VIEW = `query($id: ID!) { flowRun(id: $id) { version state taskRuns { id taskSlug version state } } }`;
const SET_FLOW_RUN_STATES = `mutation($input: setFlowRunStatesInput!) { setFlowRunStates(input: $input) { states { version } } }`;
const SET_TASK_RUN_STATES = `mutation($input: setTaskRunStatesInput!) { setTaskRunStates(input: $input) { states { version } } }`;
const WRITE_RUN_LOGS = `mutation($input: writeRunLogsInput!) { writeRunLogs(input: $input) { success } }`;

/**
 * Plays an agent and the run inside it through the public API with a RUNNER token: claims a run
 * with a version-locked Submitted state, moves it and its task runs through their states, and
 * writes log lines — exactly the calls the real agent and cloud runner make.
 */
export class SimulatedRun {
  private constructor(
    private readonly hw: UiServer,
    readonly flowRunId: string,
    private readonly coreVersion: string,
  ) {}

  static async claim(hw: UiServer, flowRunId: string): Promise<SimulatedRun> {
    const { api } = await hw.gql<{ api: { coreVersion: string } }>(hw.runnerToken, '{ api { coreVersion } }');
    const run = new SimulatedRun(hw, flowRunId, api.coreVersion);
    await run.setFlowRunState('Submitted', 'Submitted for execution');
    await run.setFlowRunState('Running', 'Running flow.');
    return run;
  }

  private view(): Promise<RunView> {
    return this.hw.gql<RunView>(this.hw.runnerToken, RUN_VIEW, { id: this.flowRunId });
  }

  private state(type: string, message: string, extra: Record<string, unknown> = {}) {
    return { type, message, __version__: this.coreVersion, ...extra };
  }

  async setFlowRunState(type: string, message: string): Promise<void> {
    const { flowRun } = await this.view();
    await this.hw.gql(this.hw.runnerToken, SET_FLOW_RUN_STATES, {
      input: {
        states: [{ flowRunId: this.flowRunId, version: flowRun.version, state: this.state(type, message) }],
      },
    });
  }

  /**
   * `extra`: more wire keys of the state, e.g. `_result` or `cached_inputs`. `cache`: with a
   * Cached state, the key it is stored under and the task run whose Cached state it reused.
   */
  async setTaskRunState(
    slug: string,
    type: string,
    message: string,
    extra: Record<string, unknown> = {},
    cache: { cacheKey?: string; cachedFromTaskRunId?: string } = {},
  ): Promise<string> {
    const { flowRun } = await this.view();
    const taskRun = flowRun.taskRuns.find((candidate) => candidate.taskSlug === slug);
    if (!taskRun) throw new Error(`flow run ${this.flowRunId} has no task run for ${slug}`);
    await this.hw.gql(this.hw.runnerToken, SET_TASK_RUN_STATES, {
      input: {
        states: [
          {
            taskRunId: taskRun.id,
            version: taskRun.version,
            flowRunVersion: flowRun.version,
            state: this.state(type, message, extra),
            ...cache,
          },
        ],
      },
    });
    return taskRun.id;
  }

  async log(level: string, message: string, taskRunId?: string): Promise<void> {
    await this.hw.gql(this.hw.runnerToken, WRITE_RUN_LOGS, {
      input: {
        logs: [{ flowRunId: this.flowRunId, taskRunId, level, name: 'headwater.TaskRunner', message }],
      },
    });
  }

  /** Runs one task: Running, a log line, then its final state. */
  async runTask(
    slug: string,
    outcome: 'Success' | 'Failed',
    message: string,
    logLevel = 'INFO',
  ): Promise<void> {
    const id = await this.setTaskRunState(slug, 'Running', 'Starting task run.');
    await this.log(logLevel, message, id);
    await this.setTaskRunState(slug, outcome, message);
  }
}
