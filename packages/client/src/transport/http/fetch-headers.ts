/**
 * A `Headers` for the client's bundle, injected in place of the global one (see tsup.config.ts),
 * with the same behaviour: case-insensitive names, `append` joins values with ", ".
 *
 * Written here because the global `Headers` is undici's: the first touch loads all of undici,
 * ≈55 ms before a short CLI command can answer, and graphql-request touches it on every
 * request. Polyfills such as headers-polyfill look at `globalThis.Headers` too, which loads it.
 */
export class FetchHeaders {
  readonly #values = new Map<string, string>();

  constructor(init?: HeadersInit | Record<string, string | readonly string[] | undefined>) {
    const entries =
      init === undefined || init === null
        ? []
        : Symbol.iterator in init
          ? (init as Iterable<[string, string]>)
          : Object.entries(init);
    for (const [name, value] of entries) {
      if (value !== undefined) this.append(name, Array.isArray(value) ? value.join(', ') : String(value));
    }
  }

  get(name: string): string | null {
    return this.#values.get(name.toLowerCase()) ?? null;
  }
  has(name: string): boolean {
    return this.#values.has(name.toLowerCase());
  }
  set(name: string, value: string): void {
    this.#values.set(name.toLowerCase(), String(value));
  }
  append(name: string, value: string): void {
    const previous = this.get(name);
    this.set(name, previous === null ? value : `${previous}, ${value}`);
  }
  delete(name: string): void {
    this.#values.delete(name.toLowerCase());
  }
  forEach(callback: (value: string, name: string, headers: FetchHeaders) => void): void {
    for (const [name, value] of this) callback(value, name, this);
  }
  keys(): IterableIterator<string> {
    return this.#sorted().keys();
  }
  values(): IterableIterator<string> {
    return this.#sorted().values();
  }
  entries(): IterableIterator<[string, string]> {
    return this.#sorted().entries();
  }
  [Symbol.iterator](): IterableIterator<[string, string]> {
    return this.entries();
  }
  get [Symbol.toStringTag](): string {
    return 'Headers';
  }

  /** Iteration is in lowercase name order, as with the Fetch API's `Headers`. */
  #sorted(): Map<string, string> {
    return new Map([...this.#values].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  }
}
