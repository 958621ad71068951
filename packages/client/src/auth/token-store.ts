import { join } from 'node:path';
import { headwaterHome } from '@headwater/core/base';
import { normalizeApiUrl } from '../api-url.js';

// Not an `import`: an ESM import of node:fs also evaluates its lazy exports (fs.promises and
// its streams), a few ms of every quick CLI command's start.
const { chmodSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } =
  process.getBuiltinModule('node:fs');

/** What `headwater auth login` keeps for one API. */
export interface StoredToken {
  /** The normalized API base URL the token belongs to. */
  api: string;
  token: string;
  /** ISO time of the login. */
  savedAt: string;
}

/**
 * Tokens as earlier versions of `headwater auth login` saved them: one file per API URL,
 * readable only by its owner (mode 0600, in a 0700 directory), under `<homeDir>/tokens/`.
 * A {@link ContextStore} reads them as contexts and moves them into `contexts.json` on its
 * next change, so a token saved this way keeps working.
 *
 * @deprecated Save logins with {@link ContextStore}, which also records the current API.
 *
 * @example
 * ```ts
 * const store = new TokenStore();
 * store.save('http://127.0.0.1:4200', token);
 * store.load('http://127.0.0.1:4200')?.token;
 * ```
 */
export class TokenStore {
  /** @default `HEADWATER__HOME_DIR`, else `~/.headwater` */
  readonly homeDir: string;

  constructor(homeDir = headwaterHome()) {
    this.homeDir = homeDir;
  }

  /** The file that holds the token for `api`. */
  pathFor(api: string): string {
    return join(this.homeDir, 'tokens', `${slugifyApiUrl(api)}.json`);
  }

  load(api: string): StoredToken | undefined {
    let text: string;
    try {
      text = readFileSync(this.pathFor(api), 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
    const parsed = JSON.parse(text) as Partial<StoredToken>;
    if (typeof parsed.token !== 'string' || parsed.token === '') return undefined;
    return { api: normalizeApiUrl(api), token: parsed.token, savedAt: String(parsed.savedAt ?? '') };
  }

  /** Every token saved in this directory, for the API URL each file records. */
  list(): StoredToken[] {
    let files: string[];
    try {
      files = readdirSync(join(this.homeDir, 'tokens')).filter((file) => file.endsWith('.json'));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw error;
    }
    return files.flatMap((file) => {
      const parsed = JSON.parse(
        readFileSync(join(this.homeDir, 'tokens', file), 'utf8'),
      ) as Partial<StoredToken>;
      if (typeof parsed.api !== 'string' || typeof parsed.token !== 'string' || parsed.token === '')
        return [];
      return [
        { api: normalizeApiUrl(parsed.api), token: parsed.token, savedAt: String(parsed.savedAt ?? '') },
      ];
    });
  }

  /** Saves `token` for `api`, replacing any previous one; the file never exists with wider permissions. */
  save(api: string, token: string): StoredToken {
    const stored: StoredToken = { api: normalizeApiUrl(api), token, savedAt: new Date().toISOString() };
    const file = this.pathFor(api);
    const dir = join(this.homeDir, 'tokens');
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    chmodSync(dir, 0o700);
    const temporary = `${file}.${process.pid}.tmp`;
    writeFileSync(temporary, `${JSON.stringify(stored, null, 2)}\n`, { mode: 0o600 });
    chmodSync(temporary, 0o600);
    renameSync(temporary, file);
    return stored;
  }

  /** Forgets the token for `api`; true when there was one. */
  remove(api: string): boolean {
    if (!this.load(api)) return false;
    rmSync(this.pathFor(api), { force: true });
    return true;
  }
}

/** `http://127.0.0.1:4200` → `http-127.0.0.1-4200`: keeps `[-.a-z0-9]`, one dash for anything else. */
export function slugifyApiUrl(api: string): string {
  return normalizeApiUrl(api)
    .toLowerCase()
    .replace(/[^-.a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}
