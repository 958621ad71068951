import type { ProgressReporter } from '@headwater/core';
import ora, { type Ora } from 'ora';
import type { Output } from './output.js';

/** Log lines kept per step, shown when the step fails. */
const KEPT_LOG_LINES = 30;

interface Step {
  title: string;
  detail: string;
  lastBucket: number;
  log: string[];
}

/**
 * Renders a `ProgressReporter` (build, push, health check, waiting) for a terminal: one
 * spinner with the current step, its progress bar and latest log line; or, when not on a
 * terminal, one plain line per step and per 10 % of progress. Log lines are printed with
 * `--verbose`; otherwise the last ones are printed when their step fails.
 */
export class CliProgressReporter implements ProgressReporter {
  readonly #output: Output;
  readonly #steps = new Map<string, Step>();
  #spinner: Ora | undefined;
  #spinnerStep: string | undefined;

  constructor(output: Output) {
    this.#output = output;
  }

  step(id: string, title: string): void {
    this.#steps.set(id, { title, detail: '', lastBucket: -1, log: [] });
    if (this.#output.quiet) return;
    if (this.#output.interactive) {
      this.#spinner ??= ora({
        stream: this.#output.stderr,
        color: this.#output.color ? 'cyan' : false,
        discardStdin: false,
      });
      this.#spinnerStep = id;
      this.#spinner.start(title);
    } else {
      this.#output.stderr.write(`${this.#output.style('cyan', '•')} ${title}\n`);
    }
  }

  progress(id: string, done: number, total?: number, detail?: string): void {
    const step = this.#stepOf(id);
    // Some sources (a registry push) count past their total: never show more than 100 %.
    const shown = total ? Math.min(Math.max(done, 0), total) : done;
    const amount = total ? `${bar(shown, total)} ${shown}/${total}` : detail ? '' : `${done}`;
    step.detail = [amount, detail].filter(Boolean).join(' ');
    if (this.#output.quiet) return;
    if (this.#output.interactive) {
      if (this.#spinner && this.#spinnerStep === id) this.#spinner.text = `${step.title} ${step.detail}`;
      return;
    }
    if (!total) return;
    const bucket = Math.floor((shown / total) * 10);
    if (bucket === step.lastBucket) return;
    step.lastBucket = bucket;
    this.#output.stderr.write(`  ${step.title}: ${step.detail}\n`);
  }

  log(id: string, line: string): void {
    const step = this.#stepOf(id);
    const text = line.replace(/\s+$/, '');
    if (text === '') return;
    step.log.push(text);
    if (step.log.length > KEPT_LOG_LINES) step.log.shift();
    if (this.#output.quiet) return;
    if (this.#output.verbose) this.#print(`  ${this.#output.style('dim', `│ ${text}`)}`);
    else if (this.#output.interactive && this.#spinner && this.#spinnerStep === id) {
      const columns = this.#output.stderr.columns ?? 80;
      const room = Math.max(10, columns - step.title.length - step.detail.length - 6);
      this.#spinner.text = `${step.title} ${step.detail} ${this.#output.style('dim', text.slice(0, room))}`;
    }
  }

  done(id: string, summary?: string): void {
    const step = this.#stepOf(id);
    this.#steps.delete(id);
    if (this.#output.quiet) return;
    const text = `${step.title}${summary ? ` ${this.#output.style('dim', `(${summary})`)}` : ''}`;
    this.#finish(id, `${this.#output.style('green', '✔')} ${text}`);
  }

  /** Marks the step failed and shows its last log lines; the error itself is reported once, by the command. */
  fail(id: string, _error: Error): void {
    const step = this.#stepOf(id);
    this.#steps.delete(id);
    this.#finish(id, `${this.#output.style('red', '✖')} ${step.title}`);
    if (!this.#output.verbose && step.log.length > 0) {
      this.#output.stderr.write(`  Last output of "${step.title}":\n`);
      for (const line of step.log) this.#output.stderr.write(`  ${this.#output.style('dim', `│ ${line}`)}\n`);
    }
  }

  /** Prints a line to `stream` (default stderr) without tearing the spinner. */
  print(line: string, stream: NodeJS.WriteStream = this.#output.stderr): void {
    this.#print(line, stream);
  }

  /** Stops the spinner, e.g. when the command ends early. */
  stop(): void {
    this.#spinner?.stop();
    this.#spinnerStep = undefined;
  }

  #finish(id: string, line: string): void {
    if (this.#spinner && this.#spinnerStep === id) {
      this.#spinner.stopAndPersist({ symbol: '', text: line.trimStart() });
      this.#spinnerStep = undefined;
      const next = [...this.#steps.entries()].at(-1);
      if (next) {
        this.#spinnerStep = next[0];
        this.#spinner.start(`${next[1].title} ${next[1].detail}`.trimEnd());
      }
    } else {
      this.#print(line);
    }
  }

  #print(line: string, stream: NodeJS.WriteStream = this.#output.stderr): void {
    if (this.#spinner?.isSpinning) {
      this.#spinner.clear();
      stream.write(`${line}\n`);
      this.#spinner.render();
    } else {
      stream.write(`${line}\n`);
    }
  }

  #stepOf(id: string): Step {
    let step = this.#steps.get(id);
    if (!step) {
      step = { title: id, detail: '', lastBucket: -1, log: [] };
      this.#steps.set(id, step);
    }
    return step;
  }
}

/** A bar and a percentage for `done` of `total`, `done` already within 0…total. */
function bar(done: number, total: number, width = 20): string {
  const filled = Math.round((done / total) * width);
  return `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${Math.floor((done / total) * 100)}%`;
}
