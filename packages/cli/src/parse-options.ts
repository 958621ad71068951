import { InvalidArgumentError } from 'commander';
import { UsageError } from './usage-error.js';

// Not an `import`: an ESM import of node:fs also evaluates its lazy exports (fs.promises and
// its streams), a few ms of every command's start.
const { readFileSync } = process.getBuiltinModule('node:fs');

/** Commander parser for options like `--limit 10`. */
export function parsePositiveInteger(value: string): number {
  const number = Number(value);
  if (!Number.isInteger(number) || number < 1)
    throw new InvalidArgumentError(`"${value}" is not a positive integer.`);
  return number;
}

/** Commander parser for a duration in seconds (`--heartbeat-timeout 300`, `--lazarus-timeout 0.5`). */
export function parseSeconds(value: string): number {
  const number = Number(value);
  if (value.trim() === '' || !Number.isFinite(number) || number <= 0) {
    throw new InvalidArgumentError(`"${value}" is not a positive number of seconds.`);
  }
  return number;
}

/** Commander parser for a TCP port (0 picks a free one). */
export function parsePort(value: string): number {
  const number = Number(value);
  if (!Number.isInteger(number) || number < 0 || number > 65535) {
    throw new InvalidArgumentError(`"${value}" is not a port number (0-65535).`);
  }
  return number;
}

/** Commander collector for repeatable options (`--dependency a --dependency b`). */
export function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

/**
 * Parameters of a flow run: the JSON object in `paramsFile`, overlaid by each `key=value`
 * (a value that parses as JSON is used as JSON, anything else as a string).
 *
 * @example
 * ```ts
 * parseParameters(['x=1', 'name=etl', 'tags=["a"]']); // { x: 1, name: 'etl', tags: ['a'] }
 * ```
 */
export function parseParameters(pairs: readonly string[], paramsFile?: string): Record<string, unknown> {
  const parameters: Record<string, unknown> = paramsFile ? readParamsFile(paramsFile) : {};
  for (const pair of pairs) {
    const equals = pair.indexOf('=');
    const key = equals === -1 ? '' : pair.slice(0, equals).trim();
    if (key === '') {
      throw new UsageError(`Malformed --param "${pair}": write it as key=value, e.g. --param x=1.`);
    }
    parameters[key] = parseValue(pair.slice(equals + 1));
  }
  return parameters;
}

function parseValue(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function readParamsFile(file: string): Record<string, unknown> {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (cause) {
    throw new UsageError(`Cannot read the parameters file ${file}: ${(cause as Error).message}`, { cause });
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (cause) {
    throw new UsageError(`The parameters file ${file} is not valid JSON: ${(cause as Error).message}`, {
      cause,
    });
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new UsageError(`The parameters file ${file} must hold a JSON object of parameter values.`);
  }
  return value as Record<string, unknown>;
}
