import { isoInput } from '../api/validation.js';
import { insertApiToken, type TokenScope } from '../auth/api-tokens.js';
import { defaultHomeDir } from '../database/connect.js';
import { openDatabase } from '../database/database.js';
import { ApiError } from '../errors/api-error.js';

/** Options of {@link createApiTokenDirect}. */
export interface CreateApiTokenDirectOptions {
  /** Same as the server's `databaseUrl`. @default `<homeDir>/server/headwater.db` */
  databaseUrl?: string;
  /** Headwater home directory. @default `HEADWATER__HOME_DIR` or `~/.headwater` */
  homeDir?: string;
  /** A name to recognise the token by in `apiTokens`. */
  name: string;
  /** `USER` (everything in the tenant) or `RUNNER` (agents and flow runs). */
  scope: TokenScope;
  /** When the token stops working (ISO-8601); none by default. */
  expiresAt?: string;
}

/**
 * Creates an API token in the default tenant by writing to the database directly — for
 * `headwater server create-token`, which works without a running server (or beside one).
 * Runs the migrations first, so it also works on a fresh database. The secret is returned
 * once; only its SHA-256 is stored.
 *
 * @example
 * ```ts
 * const { token } = await createApiTokenDirect({ name: 'agent-1', scope: 'RUNNER' });
 * process.stdout.write(`${token}\n`);
 * ```
 */
export async function createApiTokenDirect(
  options: CreateApiTokenDirectOptions,
): Promise<{ id: string; token: string }> {
  if (options.scope !== 'USER' && options.scope !== 'RUNNER') {
    throw new ApiError({
      code: 'BAD_USER_INPUT',
      message: `Unknown token scope "${options.scope}": use USER or RUNNER.`,
    });
  }
  const name = options.name.trim();
  if (name === '' || name.length > 255) {
    throw new ApiError({ code: 'BAD_USER_INPUT', message: 'The token name must be 1 to 255 characters.' });
  }
  const expiresAt = isoInput(options.expiresAt, 'expiresAt');
  const database = await openDatabase(options.databaseUrl, {
    homeDir: options.homeDir ?? defaultHomeDir(),
    poolSize: 1,
  });
  try {
    const { token, row } = await insertApiToken(database.db, {
      tenantId: database.defaultTenantId,
      name,
      scope: options.scope,
      expiresAt,
    });
    return { id: row.id, token };
  } finally {
    await database.db.destroy();
  }
}
