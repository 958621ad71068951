import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { AuthContext } from '../auth/api-tokens.js';
import type { SecretTable } from '../database/tables.js';
import { nowIso } from '../database/values.js';
import { ApiError } from '../errors/api-error.js';
import { openSecret, sealSecret } from '../secrets/secret-cipher.js';
import { type SecretsKey, secretsNotConfigured } from '../secrets/secrets-key.js';
import { requireHeldRun } from './held-runs.js';
import type { Store } from './store.js';
import { checkId, validate } from './validation.js';

/** A secret as the API shows it: never its value. */
export interface SecretModel {
  id: string;
  name: string;
  created: string;
  updated: string;
}

/** Longest secret value, in bytes of UTF-8. */
export const MAX_SECRET_BYTES = 64 * 1024;

/** Names that work as environment variable suffixes too (`HEADWATER__CONTEXT__SECRETS__<NAME>`). */
const secretNameSchema = z
  .string()
  .max(255, 'must be at most 255 characters')
  .regex(
    /^[A-Za-z_][A-Za-z0-9_]*$/,
    'must start with a letter or _ and hold only letters, digits and _ (e.g. DB_PASSWORD)',
  );

function toSecret(row: Pick<SecretTable, 'id' | 'name' | 'created' | 'updated'>): SecretModel {
  return { id: row.id, name: row.name, created: row.created, updated: row.updated };
}

function requireKey(key: SecretsKey | null): SecretsKey {
  if (!key) throw secretsNotConfigured();
  return key;
}

/** Creates or replaces a secret; only its ciphertext is stored. */
export async function setSecret(
  store: Store,
  key: SecretsKey | null,
  tenantId: string,
  input: { name: string; value: string },
): Promise<{ secret: SecretModel; created: boolean }> {
  const sealing = requireKey(key);
  const name = validate(secretNameSchema, input.name, 'secret name');
  if (input.value.length === 0) {
    throw new ApiError({ code: 'BAD_USER_INPUT', message: `The value of secret ${name} is empty.` });
  }
  if (Buffer.byteLength(input.value, 'utf8') > MAX_SECRET_BYTES) {
    throw new ApiError({
      code: 'BAD_USER_INPUT',
      limit: 'secretBytes',
      message: `The value of secret ${name} is over ${MAX_SECRET_BYTES} bytes; store large credentials elsewhere and keep only what opens them here.`,
    });
  }
  const sealed = sealSecret(sealing, tenantId, name, input.value);
  const now = nowIso();
  const existing = await store.db
    .selectFrom('secret')
    .select('id')
    .where('tenant_id', '=', tenantId)
    .where('name', '=', name)
    .executeTakeFirst();
  const row = await store.db
    .insertInto('secret')
    .values({
      id: existing?.id ?? randomUUID(),
      tenant_id: tenantId,
      name,
      ciphertext: sealed.ciphertext,
      key_id: sealed.keyId,
      created: now,
      updated: now,
    })
    .onConflict((oc) =>
      oc.columns(['tenant_id', 'name']).doUpdateSet({
        ciphertext: sealed.ciphertext,
        key_id: sealed.keyId,
        updated: now,
      }),
    )
    .returning(['id', 'name', 'created', 'updated'])
    .executeTakeFirstOrThrow();
  return { secret: toSecret(row), created: existing === undefined };
}

/** The tenant's secrets by name: names and times only. */
export async function listSecrets(store: Store, tenantId: string): Promise<SecretModel[]> {
  const rows = await store.db
    .selectFrom('secret')
    .select(['id', 'name', 'created', 'updated'])
    .where('tenant_id', '=', tenantId)
    .orderBy('name')
    .execute();
  return rows.map(toSecret);
}

/** Deletes a secret by name; NOT_FOUND when there is none. */
export async function deleteSecret(store: Store, tenantId: string, name: string): Promise<void> {
  const result = await store.db
    .deleteFrom('secret')
    .where('tenant_id', '=', tenantId)
    .where('name', '=', name)
    .executeTakeFirst();
  if (Number(result.numDeletedRows) === 0) {
    throw new ApiError({ code: 'NOT_FOUND', message: `There is no secret ${name} in this tenant.` });
  }
}

/**
 * The value of a secret for the process of flow run `flowRunId`. Only a RUNNER token may read
 * values, and only for a run it holds (see {@link requireHeldRun}); a refusal does not say
 * whether the secret exists.
 */
export async function readRunSecret(
  store: Store,
  key: SecretsKey | null,
  auth: AuthContext,
  input: { flowRunId: string; name: string },
): Promise<string> {
  if (auth.scope !== 'RUNNER') {
    throw new ApiError({
      code: 'FORBIDDEN',
      message:
        'Secret values are only given to flow runs, through the RUNNER token of the agent that runs them; set, list and delete secrets with a USER token.',
    });
  }
  const opening = requireKey(key);
  const flowRunId = checkId(input.flowRunId, 'flowRunId');
  const name = validate(secretNameSchema, input.name, 'secret name');
  await requireHeldRun(store, auth, flowRunId, 'read secrets');
  const row = await store.db
    .selectFrom('secret')
    .select(['ciphertext', 'key_id'])
    .where('tenant_id', '=', auth.tenantId)
    .where('name', '=', name)
    .executeTakeFirst();
  if (!row) {
    throw new ApiError({
      code: 'NOT_FOUND',
      message: `There is no secret ${name} in this tenant: set it with \`headwater secret set ${name}\`.`,
    });
  }
  try {
    return openSecret(opening, auth.tenantId, name, { ciphertext: row.ciphertext, keyId: row.key_id });
  } catch (error) {
    throw new ApiError({
      code: 'NOT_CONFIGURED',
      message: `Could not decrypt secret ${name}: ${(error as Error).message}`,
    });
  }
}
