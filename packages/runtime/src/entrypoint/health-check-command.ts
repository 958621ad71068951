import { readFile } from 'node:fs/promises';
import { Flow, type HealthCheckResult, healthCheck } from '@headwater/core';

/** Options of {@link runHealthCheckCommand}. */
export interface HealthCheckCommandOptions {
  /** The bundled flow modules (their exports). */
  modules: readonly Record<string, unknown>[];
  /** The expectation file the host wrote, e.g. `/opt/headwater/health-check.json`. */
  file: string | undefined;
  /** Where output goes. @default process.stdout / process.stderr */
  stdout?: (text: string) => void;
  stderr?: (text: string) => void;
}

/** The file `health-check` reads: what the host computed before building. */
interface HealthCheckExpectation {
  /** Flow name → serialized flow. */
  flows: Record<string, unknown>;
  node_major?: number;
  dependencies?: string[];
}

/** Every Flow exported by `modules` (each once). */
export function flowsOf(modules: readonly Record<string, unknown>[]): Flow[] {
  const flows = new Set<Flow>();
  for (const module of modules)
    for (const value of Object.values(module)) if (value instanceof Flow) flows.add(value);
  return [...flows];
}

function printCheck(check: HealthCheckResult, out: (text: string) => void): void {
  out(`  ${check.ok ? 'ok  ' : 'FAIL'} ${check.name}: ${check.message}\n`);
  if (check.error) out(`${(check.error.stack ?? check.error.message).replace(/^/gm, '       ')}\n`);
  for (const difference of check.differences ?? []) {
    out(
      `       at ${difference.path}: host has ${JSON.stringify(difference.expected)}, here ${JSON.stringify(difference.actual)}\n`,
    );
  }
}

/**
 * The `health-check <expected.json>` command of a flow bundle: checks that every flow
 * loads and serializes to the metadata the host computed, that Node has the expected
 * major and that every dependency imports, printing the real errors and stacks. Resolves
 * to the exit code: 0 when every check passed. It needs only `@headwater/core`, so a
 * bundle's `health-check.mjs` starts without the rest of the runtime.
 *
 * @example
 * ```ts
 * process.exitCode = await runHealthCheckCommand({ modules, file: process.argv[2] });
 * ```
 */
export async function runHealthCheckCommand(options: HealthCheckCommandOptions): Promise<number> {
  const out = options.stdout ?? ((text: string) => process.stdout.write(text));
  const err = options.stderr ?? ((text: string) => process.stderr.write(text));
  if (!options.file) {
    err('usage: health-check <expected.json>\n');
    return 2;
  }
  const expected = JSON.parse(await readFile(options.file, 'utf8')) as HealthCheckExpectation;
  out('Beginning health checks…\n');
  const report = await healthCheck({
    flows: flowsOf(options.modules),
    expected: expected.flows,
    ...(expected.node_major === undefined ? {} : { nodeMajor: expected.node_major }),
    dependencies: expected.dependencies ?? [],
  });
  for (const check of report.checks) printCheck(check, report.ok ? out : err);
  if (report.ok) {
    out('All health checks passed.\n');
    return 0;
  }
  err(`Health check failed: ${report.checks.filter((c) => !c.ok).length} problem(s).\n`);
  return 1;
}
