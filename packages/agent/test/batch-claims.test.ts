import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from '@headwater/client';
import { type RunningServer, startServer } from '@headwater/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { idleWaitMs, isBatchClaimUnknown, isClaimInputUnknown } from '../src/batch-claims.js';

describe('batch claims', () => {
  const home = mkdtempSync(join(tmpdir(), 'headwater-batch-claims-'));
  let server: RunningServer;
  let client: Client;
  beforeAll(async () => {
    server = await startServer({
      port: 0,
      homeDir: home,
      services: false,
      print: () => {},
      logError: () => {},
    });
    client = new Client({ api: server.url, token: server.initialToken!.token, env: {}, config: {} });
  });
  afterAll(async () => {
    await server?.close();
    rmSync(home, { recursive: true, force: true });
  });

  it('tells an API that does not know claimFlowRuns from other refusals', async () => {
    // A server without the mutation answers as this one does for a type without the field.
    const unknown = await client.graphql('query { claimFlowRuns }').catch((error: unknown) => error);
    expect(isBatchClaimUnknown(unknown)).toBe(true);
    const refused = await client
      .claimFlowRuns({ agentId: '00000000-0000-4000-8000-000000000000', limit: 1 })
      .catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(Error);
    expect(isBatchClaimUnknown(refused)).toBe(false);
  });

  it('tells an API that does not know previousClaimLost or waitMs from other refusals', async () => {
    // A server without the flag answers as this one does for an input type without the field.
    const unknown = await client
      .graphql('mutation { getRunsInQueue(input: { previousClaimLost: true }) { flowRunIds } }')
      .catch((error: unknown) => error);
    expect(isClaimInputUnknown(unknown, 'previousClaimLost')).toBe(true);
    expect(isClaimInputUnknown(unknown, 'waitMs')).toBe(false);
    const unknownWait = await client
      .graphql('mutation { getRunsInQueue(input: { waitMs: 1 }) { flowRunIds } }')
      .catch((error: unknown) => error);
    expect(isClaimInputUnknown(unknownWait, 'waitMs')).toBe(true);
    const refused = await client
      .claimFlowRuns({ agentId: '00000000-0000-4000-8000-000000000000', limit: 1, previousClaimLost: true })
      .catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(Error);
    expect(isClaimInputUnknown(refused, 'previousClaimLost')).toBe(false);
  });

  it('sleeps until the next known due time when it comes before the next poll', () => {
    const now = Date.parse('2026-01-01T00:00:00.000Z');
    expect(idleWaitMs(10_000, null, now)).toBe(10_000);
    expect(idleWaitMs(10_000, '2026-01-01T00:00:02.000Z', now)).toBe(2_000);
    expect(idleWaitMs(1_000, '2026-01-01T00:00:02.000Z', now)).toBe(1_000);
    // A due time the agent's clock already passed: claim again soon, not in a tight loop.
    expect(idleWaitMs(10_000, '2025-12-31T23:59:59.000Z', now)).toBe(50);
  });
});
