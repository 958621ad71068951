import { randomBytes } from 'node:crypto';
import { cpSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createScratchDatabase, requireTestEnv } from '@headwater/testing';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  type BackgroundProcess,
  type CommandResult,
  describeResult,
  runCommand,
  startBackground,
} from './processes.js';
import { manifestDigest, registryTags, removeRepositories } from './registry.js';
import type { UserProject } from './user-project.js';

/** The seed's GraphQL mutation, sent exactly as it is printed there. */
const SEED_CREATE_PROJECT = `mutation {
  createProject(input: { name: "My Project" }) {
    project {
      id
      name
    }
  }
}`;

const DEPLOY_TIMEOUT = 300_000;
const RUN_TIMEOUT = 240_000;

interface DeployedJson {
  id: string;
  name: string;
  version: number;
  projectName: string;
  serializedFlow: {
    schedule: { clocks: { type: string; interval?: number; cron?: string }[] } | null;
    storage: { type: string; registry_url: string; image_name: string; image_tag: string };
  };
}

interface FlowRunJson {
  name: string;
  state: string;
  autoScheduled: boolean;
  scheduledStartTime: string;
}

interface LogJson {
  level: string;
  message: string;
}

/**
 * The journey a new user takes, from their own project with the installed `headwater`
 * command and `@headwater/client`: server, login, projects, Docker deploys, the Docker
 * agent, runs from the CLI and from schedules, logs, a failing task, and redeploys.
 */
export function describeJourney(database: 'sqlite' | 'postgres', userProject: () => UserProject): void {
  const setup = requireTestEnv(
    database === 'postgres'
      ? (['dockerHost', 'registry', 'baseImage', 'databaseUrl'] as const)
      : (['dockerHost', 'registry', 'baseImage'] as const),
  );

  describe.runIf(setup.available)(`a user's journey with the server on ${database}`, () => {
    const testEnv = setup.available ? setup.env : ({} as never);
    const runId = randomBytes(3).toString('hex');
    const imageName = (flow: string) => `e2e-${runId}-${database}-${flow}`;
    const repositories = ['fan-out', 'every-minute', 'etl', 'scheduled-report', 'failing'].map(imageName);
    let bin: string;
    let directory: string;
    let env: Record<string, string | undefined>;
    let server: BackgroundProcess | undefined;
    let agent: BackgroundProcess | undefined;
    let dropDatabase: (() => Promise<void>) | undefined;
    let adminToken: string;
    let runnerToken: string;
    let api: string;
    const deployed: Record<string, DeployedJson> = {};

    const headwater = (...args: string[]) => runCommand(bin, args, { cwd: directory, env });
    const headwaterJson = async <T>(...args: string[]): Promise<T> => {
      const result = await headwater(...args, '--json');
      expect(result.code, describeResult(result)).toBe(0);
      return JSON.parse(result.stdout) as T;
    };
    const deploy = (file: string, project: string, image: string, ...more: string[]) =>
      headwater(
        'deploy',
        file,
        '--project',
        project,
        '--registry-url',
        testEnv.registry,
        '--base-image',
        testEnv.baseImage,
        '--image-name',
        imageName(image),
        '--json',
        ...more,
      );
    const context = (result: CommandResult) =>
      `${describeResult(result)}\n--- agent\n${agent?.output() ?? '(not started)'}\n--- server\n${server?.output()}`;
    const logsOf = (runName: string) => headwaterJson<LogJson[]>('get', 'logs', '--name', runName);

    beforeAll(async () => {
      const project = userProject();
      bin = project.bin;
      // The journey edits its flows, so it works on its own copy inside the project
      // (node_modules resolves from the parent directory).
      directory = join(project.directory, `journey-${database}`);
      for (const folder of ['flows', 'src', 'scripts']) {
        cpSync(join(project.directory, folder), join(directory, folder), { recursive: true });
      }
      const home = join(directory, 'home');
      mkdirSync(home);
      env = { PATH: process.env.PATH, HOME: home, NO_COLOR: '1', DOCKER_HOST: testEnv.dockerHost };
    });

    afterAll(async () => {
      await agent?.stop();
      await server?.stop();
      await dropDatabase?.();
      await removeRepositories(testEnv.dockerHost, testEnv.registry, repositories);
    });

    it(`starts the API server on ${database}; the first start prints a one-time admin token, saved 0600`, async () => {
      const args = ['server', 'start', '--port', '0'];
      if (database === 'postgres') {
        const scratch = await createScratchDatabase(testEnv.databaseUrl!, 'headwater_e2e');
        dropDatabase = scratch.drop;
        args.push('--database-url', scratch.url);
      }
      server = startBackground(bin, args, { cwd: directory, env });
      const listening = await server.waitFor(/listening on (http:\/\/\S+) \((\w+)\)/);
      api = listening[1]!;
      expect(listening[2]).toBe(database);
      adminToken = (await server.waitFor(/^(hw_\S+)$/m))[1]!;
      const file = join(env.HOME!, '.headwater', 'server', 'admin-token');
      expect(readFileSync(file, 'utf8').trim()).toBe(adminToken);
      expect(statSync(file).mode & 0o777).toBe(0o600);
      env.HEADWATER__CLOUD__API = api;
    });

    it('logs in with the admin token, and makes a RUNNER token for the agent', async () => {
      const login = await headwater('auth', 'login', '--token', adminToken);
      expect(login.code, describeResult(login)).toBe(0);
      expect(login.stdout).toContain(`Logged in to ${api} as token "admin" (USER)`);
      const created = await headwater(
        'auth',
        'create-token',
        '--name',
        'e2e-agent',
        '--scope',
        'RUNNER',
        '--quiet',
      );
      expect(created.code, describeResult(created)).toBe(0);
      runnerToken = created.stdout.trim();
      expect(runnerToken).toMatch(/^hw_\S+$/);
    });

    it("creates a project with the seed's GraphQL mutation, sent verbatim", async () => {
      const response = await fetch(`${api}/graphql`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${adminToken}`, 'Content-Type': 'application/json' },
        body: JSON.stringify({ query: SEED_CREATE_PROJECT }),
      });
      const body = (await response.json()) as { data?: unknown; errors?: unknown };
      expect(body).toEqual({
        data: { createProject: { project: { id: expect.any(String), name: 'My Project' } } },
      });
      const projects = await headwaterJson<{ name: string }[]>('get', 'projects');
      expect(projects.map((project) => project.name)).toEqual(['My Project']);
    });

    it(
      'creates a project with new Client() and deploys the fan-out example with flow.deploy from a script',
      async () => {
        const result = await runCommand(
          process.execPath,
          [
            '--import',
            'tsx',
            'scripts/deploy-fan-out.ts',
            testEnv.registry,
            testEnv.baseImage,
            imageName('fan-out'),
          ],
          { cwd: directory, env },
        );
        expect(result.code, context(result)).toBe(0);
        const { project, flowId } = JSON.parse(result.stdout.trim().split('\n').at(-1)!);
        expect(project).toMatchObject({ name: 'Client Project', description: 'made with the client API' });
        const flows = await headwaterJson<{ id: string; name: string; version: number }[]>(
          'get',
          'flows',
          '--project',
          'Client Project',
        );
        expect(flows).toEqual([expect.objectContaining({ id: flowId, name: 'fan-out', version: 1 })]);
        expect(await registryTags(testEnv.registry, imageName('fan-out'))).toHaveLength(1);
      },
      DEPLOY_TIMEOUT,
    );

    it(
      'deploys a flow on a one-minute schedule: the server schedules its next runs at once',
      async () => {
        const result = await deploy('flows/every-minute.ts', 'My Project', 'every-minute');
        expect(result.code, context(result)).toBe(0);
        const flow = JSON.parse(result.stdout) as DeployedJson;
        expect(flow.serializedFlow.schedule?.clocks).toEqual([
          expect.objectContaining({ type: 'IntervalClock', interval: 60_000_000 }),
        ]);
        const runs = await headwaterJson<FlowRunJson[]>(
          'get',
          'flow-runs',
          '--flow',
          'every-minute',
          '--limit',
          '3',
        );
        expect(runs).toHaveLength(3);
        for (const run of runs) expect(run).toMatchObject({ autoScheduled: true, state: 'Scheduled' });
        const times = runs.map((run) => Date.parse(run.scheduledStartTime)).sort((a, b) => a - b);
        expect(times[1]! - times[0]!).toBe(60_000);
        expect(times[2]! - times[1]!).toBe(60_000);
      },
      DEPLOY_TIMEOUT,
    );

    it('starts the Docker agent with the RUNNER token, containers on the host network', async () => {
      agent = startBackground(
        bin,
        [
          'agent',
          'start',
          'docker',
          '--token',
          runnerToken,
          '--name',
          `e2e-${database}`,
          '--network',
          'host',
        ],
        { cwd: directory, env },
      );
      const connected = await agent.waitFor(
        /Agent (\S+) \((\w+),.*connected to (\S+) .*waiting for flow runs/,
      );
      expect(connected.slice(1)).toEqual([`e2e-${database}`, 'DockerAgent', api]);
    });

    it(
      'deploys the ETL example with Docker storage: health check in the image, push, digest verified',
      async () => {
        const result = await deploy('flows/etl.ts', 'My Project', 'etl');
        expect(result.code, context(result)).toBe(0);
        const flow = JSON.parse(result.stdout) as DeployedJson;
        deployed.etl = flow;
        expect(flow).toMatchObject({ name: 'etl', version: 1, projectName: 'My Project' });
        const { storage } = flow.serializedFlow;
        expect(storage).toMatchObject({
          type: 'Docker',
          registry_url: testEnv.registry,
          image_name: imageName('etl'),
        });
        const image = `${testEnv.registry}/${imageName('etl')}:${storage.image_tag}`;
        expect(result.stderr).toContain(`✔ Building image ${image}`);
        expect(result.stderr).toContain(
          '✔ Checking the flows inside the image (all flows load and match their metadata)',
        );
        const pushed = new RegExp(`✔ Pushing ${escapeRegExp(image)} \\(pushed (sha256:[0-9a-f]{64})\\)`).exec(
          result.stderr,
        );
        const verified = new RegExp(
          `✔ Verifying ${escapeRegExp(image)} in the registry \\((sha256:[0-9a-f]{64})\\)`,
        ).exec(result.stderr);
        expect(pushed, result.stderr).not.toBeNull();
        expect(verified?.[1]).toBe(pushed![1]);
        expect(await manifestDigest(testEnv.registry, imageName('etl'), storage.image_tag)).toBe(pushed![1]);
      },
      DEPLOY_TIMEOUT,
    );

    it(
      'runs the ETL flow from the CLI and watches it to Success; its logs hold the retry and the report',
      async () => {
        const result = await headwater(
          'run',
          'flow',
          '--name',
          'etl',
          '--project',
          'My Project',
          '--param',
          'count=250',
          '--run-name',
          'etl-first',
          '--watch',
        );
        expect(result.code, context(result)).toBe(0);
        expect(result.stdout).toContain('Flow run "etl-first" finished: Success');
        const states = result.stdout.split('\n').map((line) => /^\S+ \S+ UTC\S*\s+(\w+)\s/.exec(line)?.[1]);
        expect(states).toEqual(expect.arrayContaining(['Scheduled', 'Submitted', 'Running', 'Success']));
        const logs = await logsOf('etl-first');
        expect(logs).toContainEqual(
          expect.objectContaining({ level: 'WARNING', message: expect.stringMatching(/^Retrying task/) }),
        );
        expect(logs).toContainEqual(
          expect.objectContaining({
            message: expect.stringMatching(/^report\n(north|south|east|west): \d+\.\d\d$/m),
          }),
        );
      },
      RUN_TIMEOUT,
    );

    it(
      'runs the fan-out flow: one mapped task run per page, then the summary',
      async () => {
        const result = await headwater(
          'run',
          'flow',
          '--name',
          'fan-out',
          '--project',
          'Client Project',
          '--param',
          'pages=3',
          '--run-name',
          'fan-out-first',
          '--watch',
        );
        expect(result.code, context(result)).toBe(0);
        const logs = await logsOf('fan-out-first');
        expect(logs.map((log) => log.message)).toContain('checked 3 pages, 147 words');
      },
      RUN_TIMEOUT,
    );

    it(
      'deploys the scheduled report with its npm dependency installed in the image, and runs it',
      async () => {
        const result = await deploy(
          'flows/report.ts',
          'My Project',
          'scheduled-report',
          '--dependency',
          `ms@file:${userProject().dependencyTarballs.ms}`,
        );
        expect(result.code, context(result)).toBe(0);
        const flow = JSON.parse(result.stdout) as DeployedJson;
        expect(flow.serializedFlow.schedule?.clocks).toEqual([
          expect.objectContaining({ type: 'CronClock', cron: '0 9 * * 1-5' }),
        ]);
        const run = await headwater(
          'run',
          'flow',
          '--name',
          'scheduled-report',
          '--run-name',
          'report-now',
          '--watch',
        );
        expect(run.code, context(run)).toBe(0);
        const logs = await logsOf('report-now');
        expect(logs.map((log) => log.message)).toContainEqual(
          expect.stringMatching(/^last deploy \d+ \w+ ago$/),
        );
      },
      DEPLOY_TIMEOUT + RUN_TIMEOUT,
    );

    it("schedules the report's cron runs on weekdays at 09:00 in its time zone, New York", async () => {
      const scheduled = await headwaterJson<FlowRunJson[]>('get', 'flow-runs', '--flow', 'scheduled-report');
      const upcoming = scheduled.filter((run) => run.autoScheduled);
      expect(upcoming.length).toBeGreaterThan(0);
      const newYork = new Intl.DateTimeFormat('en-US', {
        timeZone: 'America/New_York',
        weekday: 'short',
        hour: '2-digit',
        minute: '2-digit',
        hourCycle: 'h23',
      });
      const times = upcoming.map(
        (run) => `${newYork.format(new Date(run.scheduledStartTime))} (${run.scheduledStartTime})`,
      );
      for (const time of times) expect(time, times.join('\n')).toMatch(/^(Mon|Tue|Wed|Thu|Fri),? 09:00 /);
    });

    it(
      'a failing task: the run ends Failed, --watch exits 1, and the logs carry the stack',
      async () => {
        const deployedFailing = await deploy('flows/failing.ts', 'My Project', 'failing');
        expect(deployedFailing.code, context(deployedFailing)).toBe(0);
        const result = await headwater(
          'run',
          'flow',
          '--name',
          'failing',
          '--project',
          'My Project',
          '--run-name',
          'failing-first',
          '--watch',
        );
        expect(result.code, context(result)).toBe(1);
        expect(result.stdout).toContain('Flow run "failing-first" finished: Failed');
        const logs = await logsOf('failing-first');
        const failure = logs.find(
          (log) => log.level === 'ERROR' && log.message.includes('the warehouse refused'),
        );
        expect(failure?.message, JSON.stringify(logs, null, 2)).toMatch(
          /Error: the warehouse refused the batch\n\s+at .*failing\.ts:\d+:\d+/,
        );
      },
      DEPLOY_TIMEOUT + RUN_TIMEOUT,
    );

    it(
      'redeploys a changed flow: version 2 is built and runs the new code, version 1 is archived',
      async () => {
        const file = join(directory, 'flows', 'etl.ts');
        const source = readFileSync(file, 'utf8');
        expect(source).toContain('`report\\n');
        writeFileSync(file, source.replace('`report\\n', '`report (v2)\\n'));
        const result = await deploy('flows/etl.ts', 'My Project', 'etl');
        expect(result.code, context(result)).toBe(0);
        const flow = JSON.parse(result.stdout) as DeployedJson;
        deployed.etlChanged = flow;
        expect(flow.version).toBe(2);
        expect(flow.serializedFlow.storage.image_tag).not.toBe(
          deployed.etl!.serializedFlow.storage.image_tag,
        );
        expect(result.stderr).toContain('✔ Building image');
        const versions = await headwaterJson<{ version: number; archived: boolean }[]>(
          'get',
          'flows',
          '--name',
          'etl',
          '--all-versions',
        );
        expect(versions.map(({ version, archived }) => ({ version, archived }))).toEqual(
          expect.arrayContaining([
            { version: 1, archived: true },
            { version: 2, archived: false },
          ]),
        );
        const run = await headwater('run', 'flow', '--name', 'etl', '--run-name', 'etl-second', '--watch');
        expect(run.code, context(run)).toBe(0);
        expect(`${run.stdout}${run.stderr}`).toContain('"etl-second" of etl v2');
        const logs = await logsOf('etl-second');
        expect(logs.map((log) => log.message)).toContainEqual(expect.stringMatching(/^report \(v2\)\n/));
      },
      DEPLOY_TIMEOUT + RUN_TIMEOUT,
    );

    it(
      'redeploys an unchanged flow: the registry has the image, so nothing is built or pushed',
      async () => {
        const result = await deploy('flows/etl.ts', 'My Project', 'etl');
        expect(result.code, context(result)).toBe(0);
        expect(result.stderr).toContain(
          'unchanged: the registry already has this image, nothing to build or push',
        );
        expect(result.stderr).not.toContain('Building image');
        expect(result.stderr).not.toContain('Pushing');
        const flow = JSON.parse(result.stdout) as DeployedJson;
        expect(flow.version).toBe(3);
        expect(flow.serializedFlow.storage.image_tag).toBe(
          deployed.etlChanged!.serializedFlow.storage.image_tag,
        );
      },
      DEPLOY_TIMEOUT,
    );

    it(
      'the schedule starts runs by itself: the agent runs an auto-scheduled run to Success',
      async () => {
        const run = await vi.waitFor(
          async () => {
            const runs = await headwaterJson<FlowRunJson[]>(
              'get',
              'flow-runs',
              '--flow',
              'every-minute',
              '--started',
            );
            const done = runs.find((candidate) => candidate.autoScheduled && candidate.state === 'Success');
            if (!done)
              throw new Error(`No auto-scheduled run of every-minute succeeded yet: ${JSON.stringify(runs)}`);
            return done;
          },
          { timeout: 150_000, interval: 2_000 },
        );
        const logs = await logsOf(run.name);
        expect(logs.map((log) => log.message)).toContainEqual(
          expect.stringMatching(/^tick from the schedule at /),
        );
      },
      RUN_TIMEOUT,
    );
  });
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
