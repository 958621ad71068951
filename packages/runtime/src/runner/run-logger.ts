import type { LogLevel } from '@headwater/client';
import type { LogShipper } from './log-shipper.js';
import type { SecretMask } from './secret-mask.js';

const LEVELS: readonly LogLevel[] = ['DEBUG', 'INFO', 'WARNING', 'ERROR', 'CRITICAL'];
/** The API's default limits on a log line's message and logger name. */
const MAX_MESSAGE = 100_000;
const MAX_NAME = 255;

/** Where a run's log line belongs: the flow run, and the task run when a task logged it. */
export interface RunLogContext {
  flowRunId: string;
  flowName?: string;
  taskRunId?: string;
  taskSlug?: string;
  mapIndex?: number | null;
}

/** Options of a {@link RunLogger}. */
export interface RunLoggerOptions {
  /** Lines go to the API through it; none: local output only. */
  shipper?: LogShipper | undefined;
  /** Lowest level kept. @default 'INFO' */
  level?: LogLevel;
  /** Local output of every kept line (a container's log). @default stderr */
  write?: (line: string) => void;
  /** Secret values read by the run: replaced by `****` in every line, local and shipped. */
  mask?: SecretMask;
}

/**
 * The logger of one flow run inside its process: every line goes to the API (batched, with
 * flow and task context in `info`) and to the process's own output, which is what an agent
 * shows when the process dies before it could report.
 */
export class RunLogger {
  readonly #options: RunLoggerOptions;
  readonly #min: number;

  constructor(
    readonly name: string,
    readonly context: RunLogContext,
    options: RunLoggerOptions = {},
  ) {
    this.#options = options;
    this.#min = LEVELS.indexOf(options.level ?? 'INFO');
  }

  /** A logger for a task (or another part of the run) sharing the same destinations. */
  child(name: string, context: Partial<RunLogContext> = {}): RunLogger {
    return new RunLogger(
      name,
      { ...this.context, ...context },
      { ...this.#options, level: LEVELS[this.#min] },
    );
  }

  debug(message: string): void {
    this.log('DEBUG', message);
  }
  info(message: string): void {
    this.log('INFO', message);
  }
  warning(message: string): void {
    this.log('WARNING', message);
  }
  error(message: string): void {
    this.log('ERROR', message);
  }
  critical(message: string): void {
    this.log('CRITICAL', message);
  }

  /**
   * Logs one line. `echo: false` ships it to the API only, for output the process already
   * printed (captured console output).
   */
  log(level: LogLevel, text: string, options: { echo?: boolean } = {}): void {
    if (LEVELS.indexOf(level) < this.#min) return;
    const message = this.#options.mask ? this.#options.mask.text(text) : text;
    const timestamp = new Date();
    if (options.echo !== false) {
      const write = this.#options.write ?? ((line: string) => process.stderr.write(line));
      write(`${timestamp.toISOString()} - ${this.name} - ${level} - ${message}\n`);
    }
    const { flowRunId, taskRunId, flowName, taskSlug, mapIndex } = this.context;
    this.#options.shipper?.add({
      flowRunId,
      ...(taskRunId ? { taskRunId } : {}),
      timestamp,
      level,
      name: this.name.slice(0, MAX_NAME),
      message: message.length > MAX_MESSAGE ? `${message.slice(0, MAX_MESSAGE)}… (truncated)` : message,
      info: {
        ...(flowName ? { flowName } : {}),
        ...(taskSlug ? { taskSlug } : {}),
        ...(mapIndex !== undefined && mapIndex !== null ? { mapIndex } : {}),
      },
    });
  }
}

/** Parses a log level name (case-insensitive; `WARN` is `WARNING`), undefined when unknown. */
export function parseLogLevel(value: string | undefined): LogLevel | undefined {
  const upper = value?.trim().toUpperCase();
  const level = upper === 'WARN' ? 'WARNING' : upper;
  return LEVELS.includes(level as LogLevel) ? (level as LogLevel) : undefined;
}
