import { spawn } from 'node:child_process';
import { headwaterBin } from './headwater-cli.js';

/** A `headwater agent start <type>` child process. */
export interface AgentProcess {
  output(): string;
  /** Sends SIGTERM and resolves to the exit code. */
  stop(): Promise<number | null>;
}

export function startAgentProcess(
  args: readonly string[],
  env: Record<string, string | undefined>,
): AgentProcess {
  const child = spawn(process.execPath, [headwaterBin, 'agent', 'start', ...args], {
    env: { PATH: process.env.PATH, NO_COLOR: '1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let text = '';
  child.stdout.on('data', (chunk) => {
    text += chunk;
  });
  child.stderr.on('data', (chunk) => {
    text += chunk;
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return {
    output: () => text,
    stop: async () => {
      if (child.exitCode === null) child.kill('SIGTERM');
      return exited;
    },
  };
}
