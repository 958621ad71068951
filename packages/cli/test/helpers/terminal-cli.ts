import { spawn } from 'node:child_process';
import type { CliResult } from './headwater-cli.js';
import { headwaterBin } from './headwater-cli.js';

/**
 * Runs `headwater <args>` on a pseudo-terminal (util-linux `script`), typing `input` into it,
 * as a person at a terminal would. Standard output and error arrive together in `stdout`.
 */
export function runCliOnTerminal(
  args: readonly string[],
  input: string,
  env: Record<string, string | undefined>,
): Promise<CliResult> {
  const quote = (text: string) => `'${text.replaceAll("'", `'\\''`)}'`;
  const command = [process.execPath, headwaterBin, ...args].map(quote).join(' ');
  return new Promise((resolve, reject) => {
    const child = spawn('script', ['-qec', command, '/dev/null'], {
      env: { PATH: process.env.PATH, NO_COLOR: '1', TERM: 'dumb', ...env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
      // Answer once the question is on the terminal, so the answer is not read before it is asked.
      if (stdout.includes('[y/N]') && child.stdin.writable) child.stdin.end(input);
    });
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code: code ?? 1, stdout: stdout.replaceAll('\r\n', '\n'), stderr });
    });
  });
}
