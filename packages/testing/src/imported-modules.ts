import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** `node --import <this file>` records every module the process imports (see record-imports.mjs). */
export const RECORD_IMPORTS_HOOK = join(import.meta.dirname, 'record-imports.mjs');

/** Node arguments and environment that make a child process record its imports, and how to read them. */
export function recordImports(): {
  execArgv: string[];
  env: Record<string, string>;
  /** The URLs imported so far (after the process ended: all of them). */
  read(): string[];
  /** Deletes the record. */
  dispose(): void;
} {
  const directory = mkdtempSync(join(tmpdir(), 'headwater-imports-'));
  const file = join(directory, 'imports.txt');
  return {
    execArgv: ['--import', RECORD_IMPORTS_HOOK],
    env: { RECORD_IMPORTS_TO: file },
    read: () => {
      try {
        return readFileSync(file, 'utf8').split('\n').filter(Boolean);
      } catch {
        return [];
      }
    },
    dispose: () => rmSync(directory, { recursive: true, force: true }),
  };
}

/**
 * The modules among `urls` that a quick command must not load: the heavy libraries (Docker,
 * esbuild, the schema library, GraphQL, tsx, spinners, database drivers) and the Headwater
 * packages (installed, or built in the workspace), except those matching `allowed`.
 */
export function heavyModules(urls: readonly string[], allowed: readonly string[] = []): string[] {
  const heavy =
    /[/@](dockerode|esbuild|zod|graphql|graphql-request|tsx|ora|better-sqlite3|pg|kysely)[/@]|(@headwater[/+]|\/packages\/)(core|client|agent|server|runtime|storage-[a-z]+|ui)[/@]/;
  return urls.filter((url) => heavy.test(url) && !allowed.some((ok) => url.includes(ok)));
}
