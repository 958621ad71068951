import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type AgentProcess, startAgentProcess } from './agent-process.js';
import { type CliResult, ensureBuiltCli, runCli } from './headwater-cli.js';
import { type ServerProcess, startServerProcess } from './server-process.js';

const fixtures = join(import.meta.dirname, '..', 'fixtures');

/** A `headwater server start`, a logged-in CLI, and a process agent, all in a scratch home. */
export interface CliStack {
  home: string;
  server: ServerProcess;
  agent: AgentProcess;
  /** `HOME` and the API URL: what every CLI call of the stack runs with. */
  env: Record<string, string>;
  cli(...args: string[]): Promise<CliResult>;
  /** Deploys a file of `test/fixtures` with Local storage into `project`; fails on a non-zero exit. */
  deploy(fixture: string, project: string): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Starts a server process on a fresh home, logs the CLI in with its admin token, creates
 * `projects`, and starts `headwater agent start process` with a RUNNER token.
 */
export async function startCliStack(name: string, projects: readonly string[]): Promise<CliStack> {
  ensureBuiltCli();
  const home = mkdtempSync(join(tmpdir(), `headwater-cli-${name}-`));
  const server = await startServerProcess([], { HOME: home });
  const env = { HOME: home, HEADWATER__CLOUD__API: server.api };
  const cli = (...args: string[]) => runCli(args, { env });
  const must = async (...args: string[]) => {
    const result = await cli(...args);
    if (result.code !== 0) throw new Error(`headwater ${args.join(' ')} failed:\n${result.stderr}`);
    return result;
  };
  await must('auth', 'login', '--token', server.adminToken);
  for (const project of projects) await must('create', 'project', project);
  const runner = await must('auth', 'create-token', '--name', 'agent', '--scope', 'RUNNER');
  const agent = startAgentProcess(['process', '--token', runner.stdout.trim()], env);
  return {
    home,
    server,
    agent,
    env,
    cli,
    deploy: async (fixture, project) => {
      const args = ['--project', project, '--storage', 'local', '--directory', join(home, 'flows')];
      await must('deploy', join(fixtures, fixture), ...args);
    },
    stop: async () => {
      await agent.stop();
      await server.stop();
      rmSync(home, { recursive: true, force: true });
    },
  };
}
