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
 * How long a token, once read, is trusted without reading its row again while this server may
 * miss a revocation (a replica whose link to the others is down). A token revoked on another
 * replica stops working on this one within this time; one revoked through this server stops at
 * once (see {@link TokenAuthenticator.tokenRevoked}), and one past its `expiresAt` at that instant.
 */
export const TOKEN_RECHECK_MS = 1000;

/**
 * How long a token is trusted while every revocation reaches this server at once (see
 * {@link TokenAuthenticator.hearsRevocations}): only a change made by hand in the database
 * waits this long.
 */
export const TOKEN_TRUST_MS = 30_000;

/** Most tokens remembered at once; past it, the longest remembered is dropped. */
const MAX_REMEMBERED_TOKENS = 10_000;

interface RememberedToken {
  auth: AuthContext;
  /** `expires_at` in epoch ms, or null. */
  expiresAt: number | null;
  /** When its row was read (epoch ms). */
  readAt: number;
}

const unauthenticated = () =>
  new ApiError({
    code: 'UNAUTHENTICATED',
    message:
      'The API token is unknown, revoked or expired. Create a new one with `headwater server create-token` or the createApiToken mutation.',
  });

/**
 * Resolves bearer tokens to an {@link AuthContext}. The lookup is by SHA-256, so the secret is
 * never compared byte by byte; a token read is trusted for a while without a database round
 * trip ({@link TOKEN_TRUST_MS} while this server hears of every revocation, else
 * {@link TOKEN_RECHECK_MS}), so agents and runs do not read their token's row on every request.
 * `lastUsed` is written at most once a minute per token.
 */
export class TokenAuthenticator {
  private readonly lastUsedWritten = new Map<string, number>();
  /** Tokens read recently, by hash. */
  private readonly remembered = new Map<string, RememberedToken>();
  /** Bumped by {@link forgetTokens}, so a read that began before it remembers nothing. */
  private generation = 0;
  private trustMs = TOKEN_RECHECK_MS;
  private readonly revocationListeners: (() => void)[] = [];

  constructor(private readonly db: Kysely<Tables>) {}

  /**
   * Whether every revocation reaches this server at once: those made through it, and (on
   * PostgreSQL) those of the other replicas while the link to them is up. When it starts to,
   * everything remembered is read again, as a revocation may have been missed until then.
   */
  hearsRevocations(heard: boolean): void {
    if (heard && this.trustMs !== TOKEN_TRUST_MS) this.forgetTokens();
    this.trustMs = heard ? TOKEN_TRUST_MS : TOKEN_RECHECK_MS;
  }

  /** Calls `listener` after every revocation made through this server (to tell the other replicas). */
  onTokenRevoked(listener: () => void): void {
    this.revocationListeners.push(listener);
  }

  /** A token was revoked through this server: it is refused from the next request on, here and (told) elsewhere. */
  tokenRevoked(): void {
    this.forgetTokens();
    for (const listener of this.revocationListeners) listener();
  }

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
    const hash = hashToken(match[1]!);
    const now = Date.now();
    const known = this.remembered.get(hash);
    const token =
      known !== undefined && now - known.readAt < this.trustMs ? known : await this.read(hash, now);
    if (token.expiresAt !== null && token.expiresAt <= now) throw unauthenticated();
    const written = this.lastUsedWritten.get(token.auth.tokenId) ?? 0;
    if (now - written > LAST_USED_RESOLUTION_MS) {
      this.lastUsedWritten.set(token.auth.tokenId, now);
      await this.db
        .updateTable('api_token')
        .set({ last_used: nowIso() })
        .where('id', '=', token.auth.tokenId)
        .execute();
    }
    return token.auth;
  }

  /** Makes every token be read again on its next use (a token was revoked, here or on another replica). */
  forgetTokens(): void {
    this.generation++;
    this.remembered.clear();
  }

  private async read(hash: string, now: number): Promise<RememberedToken> {
    const generation = this.generation;
    this.remembered.delete(hash);
    const row = await this.db
      .selectFrom('api_token')
      .selectAll()
      .where('token_hash', '=', hash)
      .executeTakeFirst();
    if (!row || row.revoked_at !== null) throw unauthenticated();
    const token: RememberedToken = {
      auth: { tenantId: row.tenant_id, tokenId: row.id, tokenName: row.name, scope: row.scope as TokenScope },
      expiresAt: row.expires_at === null ? null : Date.parse(row.expires_at),
      readAt: now,
    };
    if (generation === this.generation) {
      if (this.remembered.size >= MAX_REMEMBERED_TOKENS)
        this.remembered.delete(this.remembered.keys().next().value!);
      this.remembered.set(hash, token);
    }
    return token;
  }
}
