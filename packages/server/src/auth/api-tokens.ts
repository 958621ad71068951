import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { ApiTokenTable, Tables } from '../database/tables.js';
import { nowIso } from '../database/values.js';
import { ApiError } from '../errors/api-error.js';

/** Scope of an API token: USER can do everything in its tenant, RUNNER what agents and runs need. */
export type TokenScope = 'USER' | 'RUNNER';

/** Every API token starts with this, so it is recognisable in configs and secret scanners. */
export const TOKEN_PREFIX = 'hw_';

/** Who a request is: resolved from its bearer token. */
export interface AuthContext {
  tenantId: string;
  tokenId: string;
  tokenName: string;
  scope: TokenScope;
}

/** SHA-256 (hex) of a token: the only form in which a token is stored. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** A fresh secret: `hw_` and 32 random bytes in base64url. */
export function generateToken(): string {
  return TOKEN_PREFIX + randomBytes(32).toString('base64url');
}

/** Creates a token in `tenantId`; returns the secret once, with its stored row. */
export async function insertApiToken(
  db: Kysely<Tables>,
  input: { tenantId: string; name: string; scope: TokenScope; expiresAt?: string | null },
): Promise<{ token: string; row: ApiTokenTable }> {
  const token = generateToken();
  const row: ApiTokenTable = {
    id: randomUUID(),
    tenant_id: input.tenantId,
    name: input.name,
    scope: input.scope,
    token_hash: hashToken(token),
    prefix: token.slice(0, TOKEN_PREFIX.length + 4),
    created: nowIso(),
    last_used: null,
    expires_at: input.expiresAt ?? null,
    revoked_at: null,
  };
  await db.insertInto('api_token').values(row).execute();
  return { token, row };
}

const LAST_USED_RESOLUTION_MS = 60_000;

/**
 * Resolves bearer tokens to an {@link AuthContext}. The lookup is by SHA-256, so the secret is
 * never compared byte by byte; `lastUsed` is written at most once a minute per token.
 */
export class TokenAuthenticator {
  private readonly lastUsedWritten = new Map<string, number>();

  constructor(private readonly db: Kysely<Tables>) {}

  /** Parses an `Authorization` header value; null when absent. Throws UNAUTHENTICATED when invalid. */
  async authenticate(header: string | null | undefined): Promise<AuthContext | null> {
    if (header == null || header === '') return null;
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
    if (!match || header.length > 1024) {
      throw new ApiError({
        code: 'UNAUTHENTICATED',
        message: 'Malformed Authorization header: expected "Bearer <token>".',
      });
    }
    const token = match[1]!;
    const row = await this.db
      .selectFrom('api_token')
      .selectAll()
      .where('token_hash', '=', hashToken(token))
      .executeTakeFirst();
    const now = Date.now();
    if (!row || row.revoked_at !== null || (row.expires_at !== null && Date.parse(row.expires_at) <= now)) {
      throw new ApiError({
        code: 'UNAUTHENTICATED',
        message:
          'The API token is unknown, revoked or expired. Create a new one with `headwater server create-token` or the createApiToken mutation.',
      });
    }
    const written = this.lastUsedWritten.get(row.id) ?? 0;
    if (now - written > LAST_USED_RESOLUTION_MS) {
      this.lastUsedWritten.set(row.id, now);
      await this.db.updateTable('api_token').set({ last_used: nowIso() }).where('id', '=', row.id).execute();
    }
    return { tenantId: row.tenant_id, tokenId: row.id, tokenName: row.name, scope: row.scope as TokenScope };
  }
}
