import { execFileSync, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '@headwater/testing';

/** The bundled CLI the tests run, as users do. */
export const headwaterBin = join(repoRoot, 'apps', 'headwater', 'dist', 'headwater.js');

/**
 * Makes sure the bundled CLI exists: builds it (and the packages it loads at run time) once
 * when it is missing, or fails with what to run.
 */
export function ensureBuiltCli(): void {
  if (existsSync(headwaterBin)) return;
  try {
    execFileSync('pnpm', ['build'], { cwd: repoRoot, stdio: 'inherit', timeout: 15 * 60_000 });
  } catch (cause) {
    throw new Error(
      `${headwaterBin} is missing and \`pnpm build\` failed: run \`pnpm build\` at ${repoRoot} first.`,
      {
        cause,
      },
    );
  }
  if (!existsSync(headwaterBin)) throw new Error(`${headwaterBin} is missing after \`pnpm build\`.`);
}

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * Runs `headwater <args>` as a child process (asynchronously, so a server in this process
 * keeps answering). The environment is only what is passed (plus PATH), so no setting of the
 * machine leaks in; `HOME` should be a scratch directory.
 */
export function runCli(
  args: readonly string[],
  options: {
    env?: Record<string, string | undefined>;
    cwd?: string;
    timeoutMs?: number;
    /** Options for node itself, before the bin (e.g. `--import` a hook). */
    nodeArgs?: readonly string[];
  } = {},
): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...(options.nodeArgs ?? []), headwaterBin, ...args], {
      cwd: options.cwd ?? repoRoot,
      env: { PATH: process.env.PATH, NO_COLOR: '1', ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
    });
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 120_000);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code: code ?? (signal ? 128 : 1), stdout, stderr });
    });
  });
}
