import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';

const MAIN = join(import.meta.dirname, 'headwater-main.ts');

/** A long-running `headwater …` child process (a server, an agent). */
export interface HeadwaterProcess {
  readonly child: ChildProcess;
  readonly pid: number;
  /** Everything it printed so far (stdout and stderr). */
  output(): string;
  /** Resolves to the exit code (or the signal) once it is gone. */
  readonly exited: Promise<number | NodeJS.Signals | null>;
  /** Sends `signal` (SIGTERM by default) and waits for the exit. */
  stop(signal?: NodeJS.Signals): Promise<number | NodeJS.Signals | null>;
}

export interface HeadwaterProcessOptions {
  /** The whole environment besides PATH (HOME and HEADWATER__HOME_DIR should be scratch directories). */
  env: Record<string, string | undefined>;
  cwd?: string;
  /** Runs `sh -c 'umask <mask>; exec node …'`, to start it under a given umask. */
  umask?: string;
  /** A command the process runs under, e.g. `['ip', 'netns', 'exec', 'host-1']` (a network namespace). */
  prefix?: readonly string[];
}

/**
 * Starts `headwater <args>` from the workspace's sources, as a real process with only `env`
 * (and PATH), so no setting of this machine leaks in.
 */
export function startHeadwater(args: readonly string[], options: HeadwaterProcessOptions): HeadwaterProcess {
  const node = [process.execPath, '--conditions=@headwater/source', '--import', 'tsx', MAIN, ...args];
  const wrapped = [...(options.prefix ?? []), ...node];
  const [command, argv] = options.umask
    ? ['/bin/sh', ['-c', `umask ${options.umask} && exec "$@"`, 'sh', ...wrapped]]
    : [wrapped[0]!, wrapped.slice(1)];
  const child = spawn(command, argv, {
    cwd: options.cwd ?? import.meta.dirname,
    env: { PATH: process.env.PATH, NO_COLOR: '1', ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let text = '';
  child.stdout!.on('data', (chunk) => {
    text += chunk;
  });
  child.stderr!.on('data', (chunk) => {
    text += chunk;
  });
  const exited = new Promise<number | NodeJS.Signals | null>((resolve) =>
    child.once('close', (code, signal) => resolve(code ?? signal)),
  );
  return {
    child,
    pid: child.pid!,
    output: () => text,
    exited,
    async stop(signal = 'SIGTERM') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
}

/** Runs `headwater <args>` to its end; rejects after `timeoutMs` with what it printed. */
export async function runHeadwater(
  args: readonly string[],
  options: HeadwaterProcessOptions & { timeoutMs?: number },
): Promise<{ code: number | NodeJS.Signals | null; output: string }> {
  const run = startHeadwater(args, options);
  const timeoutMs = options.timeoutMs ?? 120_000;
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      run.child.kill('SIGKILL');
      reject(
        new Error(`headwater ${args.join(' ')} did not finish within ${timeoutMs} ms:\n${run.output()}`),
      );
    }, timeoutMs);
  });
  try {
    const code = await Promise.race([run.exited, timedOut]);
    return { code, output: run.output() };
  } finally {
    clearTimeout(timer);
  }
}
