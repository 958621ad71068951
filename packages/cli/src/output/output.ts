import type { Command } from 'commander';
import { globalOptions } from '../global-options.js';
import type { CliProgressReporter } from './cli-progress-reporter.js';
import { type Column, formatTable } from './format-table.js';

// Not an `import`: an ESM import of node:util also evaluates its lazy exports (parseArgs, diff
// and more), a few ms of every command's start.
const { styleText } = process.getBuiltinModule('node:util');

type Style = 'bold' | 'dim' | 'green' | 'red' | 'yellow' | 'cyan';

/** How a command prints. Results go to stdout; progress, notes and warnings to stderr. */
export interface OutputOptions {
  /** @default process.stdout */
  stdout?: NodeJS.WriteStream;
  /** @default process.stderr */
  stderr?: NodeJS.WriteStream;
  /** Print results as JSON for scripts. @default false */
  json?: boolean;
  /** Print only results and errors. @default false */
  quiet?: boolean;
  /** Show build logs and stack traces. @default false */
  verbose?: boolean;
  /** Use colors. @default stdout is a terminal, and neither `NO_COLOR` nor `--no-color` */
  color?: boolean;
  /** Spinners and progress bars. @default stderr is a terminal with a width, not CI, not `TERM=dumb` */
  interactive?: boolean;
}

/** The CLI's output layer: tables, `--json`, colors (`NO_COLOR` honoured), quiet mode, progress. */
export class Output {
  readonly stdout: NodeJS.WriteStream;
  readonly stderr: NodeJS.WriteStream;
  readonly json: boolean;
  readonly quiet: boolean;
  readonly verbose: boolean;
  readonly color: boolean;
  readonly interactive: boolean;

  constructor(options: OutputOptions = {}, env: NodeJS.ProcessEnv = process.env) {
    this.stdout = options.stdout ?? process.stdout;
    this.stderr = options.stderr ?? process.stderr;
    this.json = options.json ?? false;
    this.quiet = options.quiet ?? false;
    this.verbose = options.verbose ?? false;
    const noColor = env.NO_COLOR !== undefined && env.NO_COLOR !== '';
    this.color = options.color ?? (!noColor && Boolean(this.stdout.isTTY) && env.TERM !== 'dumb');
    // A terminal that reports no width (some pseudo-terminals) cannot redraw a spinner line.
    this.interactive =
      options.interactive ??
      (Boolean(this.stderr.isTTY) &&
        (this.stderr.columns ?? 0) > 0 &&
        !env.CI &&
        env.TERM !== 'dumb' &&
        !this.quiet);
  }

  /** The output a command's options ask for (`--json`, and the global `--quiet`, `--verbose`, `--no-color`). */
  static fromCommand(command: Command): Output {
    const options = globalOptions(command);
    return new Output({
      json: options.json,
      quiet: options.quiet,
      verbose: options.verbose,
      ...(options.color ? {} : { color: false }),
    });
  }

  /**
   * Prints a command's result: `value` as one JSON document with `--json`; with `--quiet`, only
   * its id (`quietText` when given, e.g. a token's secret); else the human form.
   */
  result(value: unknown, human: string | (() => string), quietText?: string): void {
    if (this.json) this.#json(value);
    else if (this.quiet && (quietText ?? idOf(value)) !== undefined) this.line(quietText ?? idOf(value)!);
    else this.stdout.write(`${typeof human === 'function' ? human() : human}\n`);
  }

  /** Prints rows as an aligned table; as a JSON array with `--json`; only their ids, one per line, with `--quiet`. */
  table<Row>(columns: readonly Column<Row>[], rows: readonly Row[], json: unknown = rows): void {
    if (this.json) {
      this.#json(json);
      return;
    }
    if (this.quiet && rows.every((row) => idOf(row) !== undefined)) {
      for (const row of rows) this.line(idOf(row)!);
      return;
    }
    if (rows.length === 0) {
      this.note('Nothing to show.');
      return;
    }
    const [header = '', ...lines] = formatTable(columns, rows).split('\n');
    this.stdout.write(`${[this.style('bold', header), ...lines].join('\n')}\n`);
  }

  /** A line of result text on stdout (not suppressed by `--quiet`). */
  line(text: string): void {
    this.stdout.write(`${text}\n`);
  }

  /** A note on stderr, hidden by `--quiet`. */
  note(text: string): void {
    if (!this.quiet) this.stderr.write(`${text}\n`);
  }

  /** A success note on stderr, hidden by `--quiet`. */
  success(text: string): void {
    this.note(`${this.style('green', '✔')} ${text}`);
  }

  /** A warning on stderr, always shown. */
  warn(text: string): void {
    this.stderr.write(`${this.style('yellow', 'Warning:')} ${text}\n`);
  }

  /** `text` in a style when colors are on, else as it is. */
  style(style: Style, text: string): string {
    return this.color ? styleText(style, text) : text;
  }

  /** The color of a state type: green for success, red for failure, yellow for waiting. */
  stateStyle(state: string, text = state): string {
    if (/^(Success|Cached|Mapped|Skipped)$/.test(state)) return this.style('green', text);
    if (/^(Failed|TimedOut|TriggerFailed|Aborted|ClientFailed|Cancelled)$/.test(state))
      return this.style('red', text);
    if (/^(Running|Cancelling)$/.test(state)) return this.style('cyan', text);
    return this.style('yellow', text);
  }

  /** One JSON document and a newline: what `--json` prints. */
  #json(value: unknown): void {
    this.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
  }

  /** A reporter for long work: spinners and bars on a terminal, plain lines otherwise (loaded when first needed). */
  async progress(): Promise<CliProgressReporter> {
    const { CliProgressReporter } = await import('./cli-progress-reporter.js');
    return new CliProgressReporter(this);
  }
}

/** The `id` of a result, when it has one. */
function idOf(value: unknown): string | undefined {
  if (value === null || typeof value !== 'object' || !('id' in value)) return undefined;
  const id = (value as { id: unknown }).id;
  return typeof id === 'string' ? id : undefined;
}
