/** Keeps the last lines of a process's output, for failure reports. */
export class OutputTail {
  readonly #lines: string[] = [];
  #partial = '';

  constructor(private readonly size: number) {}

  /** Adds a chunk of output (may end mid-line). */
  push(chunk: string): void {
    const parts = (this.#partial + chunk).split(/\r?\n/);
    this.#partial = parts.pop() ?? '';
    for (const line of parts) this.#add(line);
  }

  /** The kept lines, oldest first, including an unterminated last line. */
  lines(): string[] {
    return this.#partial ? [...this.#lines, this.#partial].slice(-this.size) : [...this.#lines];
  }

  #add(line: string): void {
    if (line.trim() === '') return;
    this.#lines.push(line);
    if (this.#lines.length > this.size) this.#lines.shift();
  }
}
