import { fork } from 'node:child_process';
import { once } from 'node:events';
import type { ServerProcessOptions, ServerProcessReady } from './fixtures/serve.js';

/** A Headwater server in a process of its own. */
export interface ServerProcess {
  url: string;
  /** The one-time admin token, when this server created the database. */
  initialToken?: { token: string };
  pid: number;
  /** Stops the server as SIGTERM does (in-flight requests finish) and waits for its process to exit. */
  close(): Promise<void>;
}

/**
 * Starts a server in a child process, as `headwater server start` runs one: agents and the
 * benchmark's own client then share no event loop with it, and each replica has its own.
 * The child runs the same Node flags as this process (the workspace's sources).
 */
export async function startServerProcess(options: ServerProcessOptions): Promise<ServerProcess> {
  const child = fork(new URL('./fixtures/serve.ts', import.meta.url), [JSON.stringify(options)], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const [ready] = (await Promise.race([
    once(child, 'message'),
    once(child, 'exit').then(([code]) => {
      throw new Error(`the benchmark's server process exited (code ${String(code)}) before it listened`);
    }),
  ])) as [ServerProcessReady];
  const exited = once(child, 'exit');
  return {
    url: ready.url,
    ...(ready.initialToken ? { initialToken: { token: ready.initialToken } } : {}),
    pid: child.pid!,
    async close() {
      child.kill('SIGTERM');
      await exited;
    },
  };
}
