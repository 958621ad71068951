import { join } from 'node:path';
import { HeadwaterError, headwaterHome } from '@headwater/core/base';
import { normalizeApiUrl } from '../api-url.js';
import { ContextNotFoundError } from '../errors/context-not-found-error.js';
import { checkContextName, defaultContextName } from './context-name.js';
import { TokenStore } from './token-store.js';

// Not an `import`: an ESM import of node:fs also evaluates its lazy exports (fs.promises and
// its streams), a few ms of every quick CLI command's start.
const { chmodSync, mkdirSync, readFileSync, renameSync, writeFileSync } = process.getBuiltinModule('node:fs');

/** One API a user logged in to: its URL and the token checked against it. */
export interface SavedContext {
  /** How `auth switch` and `auth logout` name it. @default the API's host and port, e.g. `127.0.0.1:4300` */
  name: string;
  /** The normalized API base URL. */
  api: string;
  token: string;
  /** ISO time of the login. */
  savedAt: string;
}

/** The contents of `contexts.json`. */
interface ContextsFile {
  version: 1;
  current: string | undefined;
  contexts: SavedContext[];
}

/** What {@link ContextStore.save} takes. */
export interface SaveContextInput {
  api: string;
  token: string;
  /** @default the name of the one context already saved for `api`, else the API's host and port */
  name?: string | undefined;
}

/**
 * The contexts saved by `headwater auth login` (like kubectl's and gh's): every API a user
 * logged in to with its token, and the current one, which a `Client` without an API URL of
 * its own (argument, environment, config file) talks to. One file, `<homeDir>/contexts.json`,
 * readable only by its owner (mode 0600). Synchronous, so a `Client` resolves its connection
 * in its constructor.
 *
 * Tokens that earlier versions saved one file per API URL (`<homeDir>/tokens/`, see
 * {@link TokenStore}) are read as contexts named after their host and port, and moved into
 * `contexts.json` by the next change.
 *
 * @example
 * ```ts
 * const contexts = new ContextStore();
 * contexts.save({ api: 'http://127.0.0.1:4300', token, name: 'staging' }); // now current
 * contexts.use('127.0.0.1:4200');
 * contexts.current()?.api;
 * ```
 */
export class ContextStore {
  /** @default `HEADWATER__HOME_DIR`, else `~/.headwater` */
  readonly homeDir: string;
  /** `<homeDir>/contexts.json` */
  readonly path: string;
  readonly #legacy: TokenStore;

  constructor(homeDir = headwaterHome()) {
    this.homeDir = homeDir;
    this.path = join(homeDir, 'contexts.json');
    this.#legacy = new TokenStore(homeDir);
  }

  /** Every saved context, by name. */
  list(): SavedContext[] {
    return this.#read().contexts;
  }

  /** The current context, if one is set. */
  current(): SavedContext | undefined {
    const file = this.#read();
    return file.contexts.find((context) => context.name === file.current);
  }

  /** The context named `nameOrUrl`, else the one saved for that API URL. */
  find(nameOrUrl: string): SavedContext | undefined {
    const contexts = this.list();
    return (
      contexts.find((context) => context.name === nameOrUrl) ??
      pickForApi(contexts, nameOrUrl, this.current())
    );
  }

  /** The context whose token belongs to `api`: the current one when it is for `api`, else one saved for it. */
  forApi(api: string): SavedContext | undefined {
    return pickForApi(this.list(), api, this.current());
  }

  /** Saves a login (replacing a context of the same name) and makes it current. */
  save(input: SaveContextInput): SavedContext {
    const file = this.#read();
    const api = normalizeApiUrl(input.api);
    const name = input.name
      ? checkContextName(input.name)
      : (onlyOne(file.contexts.filter((context) => context.api === api))?.name ?? defaultContextName(api));
    const saved: SavedContext = { name, api, token: input.token, savedAt: new Date().toISOString() };
    const contexts = [...file.contexts.filter((context) => context.name !== name), saved];
    this.#write({ version: 1, current: name, contexts });
    return saved;
  }

  /** Makes the context named `nameOrUrl` (or saved for that API URL) current; {@link ContextNotFoundError} lists the known ones. */
  use(nameOrUrl: string): SavedContext {
    const found = this.find(nameOrUrl);
    if (!found) throw new ContextNotFoundError({ wanted: nameOrUrl, known: this.list().map((c) => c.name) });
    this.#write({ ...this.#read(), current: found.name });
    return found;
  }

  /** Forgets the context named `name`; when it was current, no context is. */
  remove(name: string): SavedContext {
    const file = this.#read();
    const removed = file.contexts.find((context) => context.name === name);
    if (!removed) throw new ContextNotFoundError({ wanted: name, known: file.contexts.map((c) => c.name) });
    const contexts = file.contexts.filter((context) => context !== removed);
    this.#write({ version: 1, current: file.current === name ? undefined : file.current, contexts });
    return removed;
  }

  #read(): ContextsFile {
    const file = this.#readFile();
    const contexts = [...file.contexts];
    for (const stored of this.#legacy.list()) {
      if (contexts.some((context) => context.api === stored.api)) continue;
      contexts.push({ name: unusedName(contexts, defaultContextName(stored.api)), ...stored });
    }
    return { ...file, contexts: contexts.sort((a, b) => a.name.localeCompare(b.name)) };
  }

  #readFile(): ContextsFile {
    let text: string;
    try {
      text = readFileSync(this.path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT')
        return { version: 1, current: undefined, contexts: [] };
      throw error;
    }
    try {
      return parseContextsFile(text);
    } catch (cause) {
      throw new HeadwaterError({
        code: 'CONTEXTS_FILE_INVALID',
        message: `${this.path} is not a valid contexts file (${(cause as Error).message}). Fix it, or delete it and log in again with \`headwater auth login\`.`,
        cause,
      });
    }
  }

  /** Writes the file (never with wider permissions than 0600); the per-URL token files it now holds are removed. */
  #write(file: ContextsFile): void {
    mkdirSync(this.homeDir, { recursive: true, mode: 0o700 });
    const temporary = `${this.path}.${process.pid}.tmp`;
    writeFileSync(temporary, `${JSON.stringify(file, null, 2)}\n`, { mode: 0o600 });
    chmodSync(temporary, 0o600);
    renameSync(temporary, this.path);
    for (const stored of this.#legacy.list()) this.#legacy.remove(stored.api);
  }
}

function parseContextsFile(text: string): ContextsFile {
  const parsed = JSON.parse(text) as Partial<ContextsFile>;
  if (!Array.isArray(parsed.contexts)) throw new TypeError('"contexts" is not a list');
  const contexts = parsed.contexts.map((context, index) => {
    if (
      typeof context?.name !== 'string' ||
      typeof context.api !== 'string' ||
      typeof context.token !== 'string'
    )
      throw new TypeError(`context ${index} needs a name, an api and a token`);
    return {
      name: context.name,
      api: normalizeApiUrl(context.api),
      token: context.token,
      savedAt: String(context.savedAt ?? ''),
    };
  });
  return { version: 1, current: typeof parsed.current === 'string' ? parsed.current : undefined, contexts };
}

/** The context for `api`: the current one if it is for `api`, else the one named after the API, else the first by name. */
function pickForApi(
  contexts: SavedContext[],
  api: string,
  current: SavedContext | undefined,
): SavedContext | undefined {
  let normalized: string;
  try {
    normalized = normalizeApiUrl(api);
  } catch {
    return undefined;
  }
  if (current?.api === normalized) return current;
  const matching = contexts.filter((context) => context.api === normalized);
  return matching.find((context) => context.name === defaultContextName(normalized)) ?? matching[0];
}

/** `name`, or `name-2`, `name-3`, … when a context has it already. */
function unusedName(contexts: SavedContext[], name: string): string {
  const taken = new Set(contexts.map((context) => context.name));
  let candidate = name;
  for (let n = 2; taken.has(candidate); n++) candidate = `${name}-${n}`;
  return candidate;
}

function onlyOne<T>(items: T[]): T | undefined {
  return items.length === 1 ? items[0] : undefined;
}
