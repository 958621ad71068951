import { type ChildProcess, spawn } from 'node:child_process';
import { headwaterBin } from './headwater-cli.js';

/** A `headwater server start` child process on a free port. */
export interface ServerProcess {
  api: string;
  /** The one-time admin token the first start printed. */
  adminToken: string;
  /** Everything the server printed so far. */
  output(): string;
  /** Sends SIGTERM and resolves to the exit code. */
  stop(): Promise<number | null>;
}

/** Starts `headwater server start --port 0` with `env` (HOME should be a scratch directory) and waits until it listens. */
export function startServerProcess(
  args: readonly string[],
  env: Record<string, string | undefined>,
): Promise<ServerProcess> {
  const child: ChildProcess = spawn(
    process.execPath,
    [headwaterBin, 'server', 'start', '--port', '0', ...args],
    {
      env: { PATH: process.env.PATH, NO_COLOR: '1', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let text = '';
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`headwater server start did not listen within 60 s:\n${text}`));
    }, 60_000);
    const onData = (chunk: Buffer) => {
      text += chunk;
      const listening = /listening on (http:\/\/\S+)/.exec(text);
      const token = /^(hw_\S+)$/m.exec(text);
      if (!listening || !token) return;
      clearTimeout(timer);
      resolve({
        api: listening[1]!,
        adminToken: token[1]!,
        output: () => text,
        stop: async () => {
          child.kill('SIGTERM');
          return exited;
        },
      });
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`headwater server start exited with ${code}:\n${text}`));
    });
  });
}
