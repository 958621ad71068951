import { expect } from 'vitest';
import {
  type BackgroundProcess,
  type CommandResult,
  describeResult,
  runCommand,
  startBackground,
} from './processes.js';

/** How a user's project runs the `headwater` command. */
export interface HeadwaterCommand {
  /** The project (or any directory the user works in). */
  directory: string;
  /** `['npx', 'headwater']`, `['pnpm', 'exec', 'headwater']`, or a globally installed `['headwater']`. */
  command: readonly string[];
  env: Record<string, string | undefined>;
}

/** A flow file to deploy and run, and how the run must end. */
export interface JourneyFlow {
  file: string;
  name: string;
  /** `--storage local` for a flow without storage of its own. */
  deployArgs?: readonly string[];
  /** Deploys the flow another way than `headwater deploy` (a script calling `flow.deploy`); resolves to its id. */
  deploy?: (cli: HeadwaterCommand) => Promise<string>;
  /** A line the watched run's logs must show. */
  logLine: RegExp;
}

export function headwater(cli: HeadwaterCommand, ...args: string[]): Promise<CommandResult> {
  const [command, ...prefix] = cli.command;
  return runCommand(command!, [...prefix, ...args], { cwd: cli.directory, env: cli.env, timeoutMs: 300_000 });
}

async function ok(cli: HeadwaterCommand, ...args: string[]): Promise<string> {
  const result = await headwater(cli, ...args);
  expect(result.code, `headwater ${args.join(' ')}\n${describeResult(result)}`).toBe(0);
  return result.stdout;
}

function background(cli: HeadwaterCommand, ...args: string[]): BackgroundProcess {
  const [command, ...prefix] = cli.command;
  return startBackground(command!, [...prefix, ...args], { cwd: cli.directory, env: cli.env });
}

/**
 * The whole journey as a user takes it in their own project: the server on embedded SQLite,
 * login with the first-start token, a project, a RUNNER token, `deploy` of each flow, a
 * process agent started in the project, and `run flow --watch` of each flow to Success.
 */
export async function runProjectJourney(cli: HeadwaterCommand, flows: readonly JourneyFlow[]): Promise<void> {
  const server = background(cli, 'server', 'start', '--port', '0');
  let agent: BackgroundProcess | undefined;
  try {
    const api = (await server.waitFor(/listening on (http:\/\/\S+)/, 120_000))[1]!;
    const adminToken = (await server.waitFor(/^(hw_\S+)$/m))[1]!;
    cli.env.HEADWATER__CLOUD__API = api;
    await ok(cli, 'auth', 'login', '--token', adminToken);
    await ok(cli, 'create', 'project', 'Journey');
    const runnerToken = (
      await ok(cli, 'auth', 'create-token', '--name', 'agent', '--scope', 'RUNNER', '--quiet')
    ).trim();
    for (const flow of flows) {
      if (flow.deploy) {
        expect(await flow.deploy(cli)).toMatch(/^[0-9a-f-]{36}$/);
        continue;
      }
      const deployed = JSON.parse(
        await ok(cli, 'deploy', flow.file, '--project', 'Journey', ...(flow.deployArgs ?? []), '--json'),
      );
      expect(deployed).toMatchObject({ name: flow.name, version: 1 });
    }
    agent = background(cli, 'agent', 'start', 'process', '--token', runnerToken);
    await agent.waitFor(/waiting for flow runs/, 120_000);
    for (const flow of flows) {
      const watched = await headwater(
        cli,
        'run',
        'flow',
        '--name',
        flow.name,
        '--project',
        'Journey',
        '--watch',
        '--logs',
      );
      const context = `${describeResult(watched)}\n--- agent\n${agent.output()}\n--- server\n${server.output()}`;
      expect(watched.code, context).toBe(0);
      expect(watched.stdout, context).toMatch(/\bSuccess\b/);
      expect(watched.stdout, context).toMatch(flow.logLine);
    }
  } finally {
    await agent?.stop();
    await server.stop();
  }
}
