import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TOKEN_RECHECK_MS, TOKEN_TRUST_MS } from '../src/auth/api-tokens.js';
import type { Tables } from '../src/database/tables.js';
import { connectDatabase, type RunningServer } from '../src/index.js';
import {
  backends,
  errorCode,
  gql,
  gqlData,
  startReplica,
  startTestServer,
  type TestServer,
} from './helpers.js';

const CREATE = `mutation($input: createApiTokenInput!) { createApiToken(input: $input) { id token } }`;
const REVOKE = `mutation($id: ID!) { revokeApiToken(input: { tokenId: $id }) { success } }`;
const WHO = `{ authInfo { tokenName } }`;

describe.each(backends)('token authentication on $name', (backend) => {
  describe.runIf(backend.available)('', () => {
    let t: TestServer;

    const createToken = async (name: string, expiresAt?: string) =>
      (await gqlData(t.server, t.token, CREATE, { input: { name, scope: 'RUNNER', expiresAt } }))
        .createApiToken as {
        id: string;
        token: string;
      };
    const who = (server: { graphqlUrl: string }, token: string) => gql(server, token, WHO);

    beforeAll(async () => {
      t = await startTestServer(backend);
    });
    afterAll(async () => {
      await t?.close();
    });

    it('refuses a revoked token from the next request on, on the server that revoked it', async () => {
      const { id, token } = await createToken('revoked-here');
      // Used just before: the server trusts it for a while without reading it again.
      expect((await gqlData(t.server, token, WHO)).authInfo).toEqual({ tokenName: 'revoked-here' });
      expect((await gqlData(t.server, token, WHO)).authInfo).toEqual({ tokenName: 'revoked-here' });
      await gqlData(t.server, t.token, REVOKE, { id });
      expect(errorCode(await who(t.server, token))).toBe('UNAUTHENTICATED');
    });

    it('refuses a token from the moment it expires, though it was used just before', async () => {
      const expiresAt = new Date(Date.now() + TOKEN_RECHECK_MS / 2).toISOString();
      const { token } = await createToken('expiring', expiresAt);
      expect((await who(t.server, token)).errors).toBeUndefined();
      await sleep(Math.max(0, Date.parse(expiresAt) - Date.now()) + 20);
      expect(errorCode(await who(t.server, token))).toBe('UNAUTHENTICATED');
    });

    it('trusts a token it read while it hears of every revocation: a change by hand in the database waits', async () => {
      const { id, token } = await createToken('changed-by-hand');
      expect((await who(t.server, token)).errors).toBeUndefined();
      const { db } = connectDatabase<Tables>(t.url);
      try {
        await db
          .updateTable('api_token')
          .set({ revoked_at: new Date().toISOString() })
          .where('id', '=', id)
          .execute();
      } finally {
        await db.destroy();
      }
      await sleep(TOKEN_RECHECK_MS + 200);
      expect((await who(t.server, token)).errors).toBeUndefined();
      // Any revocation through the API has every token read again.
      const other = await createToken('revoked-through-the-api');
      await gqlData(t.server, t.token, REVOKE, { id: other.id });
      expect(errorCode(await who(t.server, token))).toBe('UNAUTHENTICATED');
    });

    it('keeps refusing unknown tokens', async () => {
      for (let i = 0; i < 3; i++)
        expect(errorCode(await who(t.server, 'hw_unknown'))).toBe('UNAUTHENTICATED');
    });

    // Replicas share a database on PostgreSQL; a SQLite file has one server.
    if (backend.name === 'PostgreSQL') {
      describe('with a second replica', () => {
        let replica: RunningServer;
        beforeAll(async () => {
          replica = await startReplica(t);
        });
        afterAll(async () => {
          await replica?.close();
        });

        it('hears of a token revoked on another replica, though it trusts the tokens it read for longer', async () => {
          const { id, token } = await createToken('revoked-there-heard');
          expect((await who(replica, token)).errors).toBeUndefined();
          await gqlData(t.server, t.token, REVOKE, { id });
          // Refused long before the replica would read the token again on its own.
          const deadline = Date.now() + TOKEN_TRUST_MS / 2;
          while (!errorCode(await who(replica, token)) && Date.now() < deadline) await sleep(50);
          expect(errorCode(await who(replica, token))).toBe('UNAUTHENTICATED');
        });

        it(`refuses a token revoked on another replica within ${TOKEN_RECHECK_MS} ms`, async () => {
          const { id, token } = await createToken('revoked-there');
          expect((await who(replica, token)).errors).toBeUndefined();
          await gqlData(t.server, t.token, REVOKE, { id });
          const revokedAt = Date.now();
          expect(errorCode(await who(t.server, token))).toBe('UNAUTHENTICATED');
          await sleep(Math.max(0, revokedAt + TOKEN_RECHECK_MS - Date.now()));
          expect(errorCode(await who(replica, token))).toBe('UNAUTHENTICATED');
        });
      });
    }
  });
});
