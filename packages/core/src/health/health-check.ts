import type { SerializedEnvironment } from '../contracts/serialized.js';
import { checkEnvironmentExecutor } from '../executors/check-environment-executor.js';
import type { Flow } from '../flow/flow.js';
import { stableStringify } from '../tasks/json-equal.js';

/** One difference between expected and actual metadata. */
export interface MetadataDifference {
  /** JSON path, e.g. `tasks[2].max_retries`. */
  path: string;
  expected: unknown;
  actual: unknown;
}

/** One check of a {@link HealthReport}. */
export interface HealthCheckResult {
  /** What was checked, e.g. `flow "etl"`, `node`, `dependency "pg"`. */
  name: string;
  ok: boolean;
  /** One line saying what was found. */
  message: string;
  /** For failed imports or serializations: the real error, with its stack. */
  error?: { message: string; stack?: string };
  /** For flows whose metadata differs. */
  differences?: MetadataDifference[];
}

/** What {@link healthCheck} found. Printing and exiting is the caller's job. */
export interface HealthReport {
  ok: boolean;
  checks: HealthCheckResult[];
}

/**
 * Options of {@link healthCheck}.
 *
 * @example
 * ```ts
 * const report = await healthCheck({ flows: [flow], expected: { etl: hostMetadata }, nodeMajor: 20, dependencies: ['pg'] });
 * if (!report.ok) process.exitCode = 1;
 * ```
 */
export interface HealthCheckOptions {
  /** The flows as loaded here (inside the image / storage directory). */
  flows: readonly Flow[];
  /** Flow name → the serialized flow the host computed before building. */
  expected: Readonly<Record<string, unknown>>;
  /** Node major version the flows were built for. */
  nodeMajor?: number;
  /** Packages that must be importable here. */
  dependencies?: readonly string[];
  /**
   * Top-level keys of the serialized flow not compared (build-time metadata).
   * @default ["storage"]
   */
  ignoreKeys?: readonly string[];
  /** How dependencies are imported. @default dynamic `import()` */
  importModule?: (specifier: string) => Promise<unknown>;
}

const MAX_DIFFERENCES = 20;

function diff(expected: unknown, actual: unknown, path: string, out: MetadataDifference[]): void {
  if (out.length >= MAX_DIFFERENCES) return;
  const bothObjects =
    expected !== null && actual !== null && typeof expected === 'object' && typeof actual === 'object';
  if (!bothObjects || Array.isArray(expected) !== Array.isArray(actual)) {
    if (stableStringify(expected) !== stableStringify(actual))
      out.push({ path: path || '$', expected, actual });
    return;
  }
  if (Array.isArray(expected) && Array.isArray(actual)) {
    for (let i = 0; i < Math.max(expected.length, actual.length); i += 1) {
      diff(expected[i], actual[i], `${path}[${i}]`, out);
    }
    return;
  }
  const e = expected as Record<string, unknown>;
  const a = actual as Record<string, unknown>;
  for (const key of new Set([...Object.keys(e), ...Object.keys(a)])) {
    diff(e[key], a[key], path === '' ? key : `${path}.${key}`, out);
  }
}

const errorOf = (error: unknown) =>
  error instanceof Error
    ? { message: error.message, ...(error.stack === undefined ? {} : { stack: error.stack }) }
    : { message: String(error) };

/** Resolves the executor a flow's environment names, as its runs will. */
async function executorCheck(
  flowLabel: string,
  environment: unknown,
): Promise<HealthCheckResult | undefined> {
  const name = (environment as { executor?: unknown } | null)?.executor;
  const label = `executor ${JSON.stringify(name)} of ${flowLabel}`;
  try {
    const resolved = await checkEnvironmentExecutor(environment as SerializedEnvironment | null);
    return resolved === undefined ? undefined : { name: label, ok: true, message: 'resolves' };
  } catch (error) {
    return { name: label, ok: false, message: 'cannot be resolved here', error: errorOf(error) };
  }
}

/**
 * Checks that flows load where they will run as they did on the host: every expected flow
 * is present and serializes to the same metadata (`__version__` included, so a different
 * `@headwater/core` shows), its environment's executor resolves, Node has the expected
 * major version, and every declared dependency imports. Never throws for a failed check; each failure is in the report with
 * the real error and stack.
 */
export async function healthCheck(options: HealthCheckOptions): Promise<HealthReport> {
  const checks: HealthCheckResult[] = [];
  const ignore = new Set(options.ignoreKeys ?? ['storage']);
  const byName = new Map(options.flows.map((f) => [f.name, f]));
  for (const [name, expected] of Object.entries(options.expected)) {
    const label = `flow "${name}"`;
    const flow = byName.get(name);
    if (flow === undefined) {
      const found = [...byName.keys()].join(', ') || '(none)';
      checks.push({ name: label, ok: false, message: `not found; the loaded modules define: ${found}` });
      continue;
    }
    let actual: Record<string, unknown>;
    try {
      actual = { ...flow.serialize() };
    } catch (error) {
      checks.push({ name: label, ok: false, message: 'could not be serialized', error: errorOf(error) });
      continue;
    }
    const environment = actual.environment;
    const wanted = { ...(expected as Record<string, unknown>) };
    for (const key of ignore) {
      delete actual[key];
      delete wanted[key];
    }
    const differences: MetadataDifference[] = [];
    diff(wanted, actual, '', differences);
    checks.push(
      differences.length === 0
        ? { name: label, ok: true, message: 'loads and serializes to the expected metadata' }
        : {
            name: label,
            ok: false,
            message: `serializes differently from the host (${differences.length}${differences.length >= MAX_DIFFERENCES ? '+' : ''} difference(s), first at ${differences[0]!.path})`,
            differences,
          },
    );
    const executor = await executorCheck(label, environment);
    if (executor !== undefined) checks.push(executor);
  }
  if (options.nodeMajor !== undefined) {
    const running = Number(process.versions.node.split('.')[0]);
    checks.push({
      name: 'node',
      ok: running === options.nodeMajor,
      message:
        running === options.nodeMajor
          ? `Node ${process.versions.node}`
          : `Node ${process.versions.node} runs here, but the flows were built for Node ${options.nodeMajor}; use a base image with Node ${options.nodeMajor}`,
    });
  }
  const load = options.importModule ?? ((specifier: string) => import(/* @vite-ignore */ specifier));
  for (const dependency of options.dependencies ?? []) {
    try {
      await load(dependency);
      checks.push({ name: `dependency "${dependency}"`, ok: true, message: 'imports' });
    } catch (error) {
      checks.push({
        name: `dependency "${dependency}"`,
        ok: false,
        message: 'could not be imported',
        error: errorOf(error),
      });
    }
  }
  return { ok: checks.every((c) => c.ok), checks };
}
