/** What a secret's value is replaced with wherever a run writes it. */
export const SECRET_PLACEHOLDER = '****';

const isPlain = (value: unknown): value is Record<string, unknown> => {
  if (value === null || typeof value !== 'object') return false;
  const prototype = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
};

/**
 * The secret values a run process read, and what replaces them (`****`) in everything the
 * process writes: log lines (local and shipped), states and their messages and errors, any
 * other request to the API.
 *
 * @example
 * ```ts
 * const mask = new SecretMask();
 * mask.add('hunter2');
 * mask.text('password is hunter2'); // 'password is ****'
 * ```
 */
export class SecretMask {
  /** Longest first, so a value containing another is replaced whole. */
  #values: string[] = [];

  /** Masks `value` from now on (a value and the form JSON writes it in). */
  add(value: string): void {
    if (value === '') return;
    const forms = [value, JSON.stringify(value).slice(1, -1)];
    for (const form of forms) if (!this.#values.includes(form)) this.#values.push(form);
    this.#values.sort((a, b) => b.length - a.length);
  }

  /** `text` with every known value replaced. */
  text(text: string): string {
    let out = text;
    for (const value of this.#values)
      if (out.includes(value)) out = out.replaceAll(value, SECRET_PLACEHOLDER);
    return out;
  }

  /**
   * `value` with every string inside plain objects and arrays masked; an object with
   * `serialize()` (a state) is serialized first. Other objects (signals, dates) pass as they are.
   */
  deep<T>(value: T): T {
    if (this.#values.length === 0) return value;
    return this.#deep(value) as T;
  }

  #deep(value: unknown): unknown {
    if (typeof value === 'string') return this.text(value);
    if (Array.isArray(value)) return value.map((item) => this.#deep(item));
    if (
      value !== null &&
      typeof value === 'object' &&
      typeof (value as { serialize?: unknown }).serialize === 'function'
    ) {
      return this.#deep((value as { serialize(): unknown }).serialize());
    }
    if (!isPlain(value)) return value;
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, this.#deep(item)]));
  }
}
