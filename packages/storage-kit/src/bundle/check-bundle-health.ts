import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { type Flow, type ProgressReporter, silentReporter } from '@headwater/core';
import { BundleHealthCheckError } from '../errors/bundle-health-check-error.js';
import { type FlowManifest, HEALTH_CHECK_FILE, MANIFEST_FILE } from './flow-manifest.js';
import { healthCheckExpectation } from './health-check-expectation.js';

/** Options of {@link checkBundleHealth}. */
export interface CheckBundleHealthOptions {
  /** The bundle directory: the files of `bundleFlows`, as `writeBundle` writes them. */
  directory: string;
  /** The flows the bundle holds, as this host has them: their metadata is what the check expects. */
  flows: readonly Flow[];
  /**
   * The bundle's manifest (its Node major and dependencies are checked).
   * @default read from `<directory>/headwater-manifest.json`
   */
  manifest?: Pick<FlowManifest, 'node_major' | 'dependencies'>;
  /**
   * How long the check may take before it is killed and fails.
   * @default 60_000
   */
  timeoutMs?: number;
  /**
   * Receives a `health-check` step, with every line the check prints.
   * @default silentReporter
   */
  reporter?: ProgressReporter;
  signal?: AbortSignal;
}

/** What a passed health check printed. */
export interface BundleHealth {
  /** Every line the check printed (stdout and stderr, as they came). */
  output: string;
}

/** Lines of a check's output kept; a flow that prints more at load has the rest cut. */
const MAX_OUTPUT_LINES = 1000;

/**
 * Health-checks a bundle directory on this host, as the Docker storage's image build does
 * inside the image: writes the {@link healthCheckExpectation} to a temporary file (the
 * bundle directory is left exactly as written) and runs
 * `node --enable-source-maps <directory>/health-check.mjs <expected.json>` in the bundle
 * directory, with the Node this process runs on (`process.execPath`) and its environment.
 * The check loads every flow from the bundle as a run does, compares each flow's metadata
 * with this host's, and checks the Node major and that every dependency imports.
 *
 * Throws {@link BundleHealthCheckError} with the check's output (the real error and stack)
 * when a check fails, the process exits otherwise than 0, or it runs past `timeoutMs`.
 *
 * @example
 * ```ts
 * const bundle = await bundleFlows({ flows, runtime });
 * await writeBundle(directory, bundle.files, {
 *   check: (staged) => checkBundleHealth({ directory: staged, flows, manifest: bundle.manifest, reporter }),
 * });
 * ```
 */
export async function checkBundleHealth(options: CheckBundleHealthOptions): Promise<BundleHealth> {
  const { directory, flows, signal, timeoutMs = 60_000 } = options;
  const reporter = options.reporter ?? silentReporter;
  signal?.throwIfAborted();
  const manifest =
    options.manifest ??
    (JSON.parse(await readFile(join(directory, MANIFEST_FILE), 'utf8')) as Pick<
      FlowManifest,
      'node_major' | 'dependencies'
    >);
  const names = flows.map((flow) => flow.name);
  reporter.step('health-check', `Checking that ${flows.length} flow(s) load from the bundle`);
  const started = performance.now();
  const scratch = await mkdtemp(join(tmpdir(), 'headwater-health-check-'));
  try {
    const expected = join(scratch, 'health-check.json');
    await writeFile(expected, `${JSON.stringify(healthCheckExpectation(flows, manifest), null, 2)}\n`);
    const run = await runNode(
      ['--enable-source-maps', join(directory, HEALTH_CHECK_FILE), expected],
      directory,
      timeoutMs,
      (line) => reporter.log('health-check', line),
      signal,
    );
    if (run.exitCode !== 0 || run.timedOut) {
      throw new BundleHealthCheckError({
        flows: names,
        directory,
        output: run.output,
        exitCode: run.exitCode,
        timeoutMs: run.timedOut ? timeoutMs : undefined,
      });
    }
    reporter.done(
      'health-check',
      `all flows load and match their metadata, ${Math.round(performance.now() - started)} ms`,
    );
    return { output: run.output };
  } catch (error) {
    reporter.fail('health-check', error as Error);
    throw error;
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}

interface NodeRun {
  output: string;
  exitCode: number | null;
  timedOut: boolean;
}

function runNode(
  args: readonly string[],
  cwd: string,
  timeoutMs: number,
  onLine: (line: string) => void,
  signal: AbortSignal | undefined,
): Promise<NodeRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    const lines: string[] = [];
    let cut = 0;
    const add = (line: string) => {
      if (lines.length >= MAX_OUTPUT_LINES) {
        cut++;
        return;
      }
      lines.push(line);
      onLine(line);
    };
    for (const input of [child.stdout, child.stderr]) {
      createInterface({ input, crlfDelay: Number.POSITIVE_INFINITY }).on('line', add);
    }
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, timeoutMs);
    const abort = () => child.kill('SIGKILL');
    signal?.addEventListener('abort', abort, { once: true });
    const settle = () => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', abort);
    };
    child.on('error', (error) => {
      settle();
      reject(error);
    });
    child.on('close', (exitCode) => {
      settle();
      if (signal?.aborted) {
        reject(signal.reason);
        return;
      }
      const output = [...lines, ...(cut > 0 ? [`… ${cut} more line(s) not shown`] : [])].join('\n');
      resolve({ output, exitCode, timedOut });
    });
  });
}
