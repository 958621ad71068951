import { describe, expect, it } from 'vitest';
import type { RunLogInput } from '../client.js';
import { LogShipper } from './log-shipper.js';

/** Records batches; fails while `down` is set, like an unreachable API. */
function recordingClient() {
  const batches: RunLogInput[][] = [];
  const state = { down: false };
  return {
    batches,
    state,
    async writeRunLogs(logs: RunLogInput[]) {
      if (state.down) throw new Error('API unreachable');
      batches.push(logs);
    },
  };
}

const line = (message: string): RunLogInput => ({ flowRunId: 'run-1', message });

describe('LogShipper', () => {
  it('sends lines in batches of at most maxBatch, in order', async () => {
    const client = recordingClient();
    const shipper = new LogShipper({ client, maxBatch: 3, flushIntervalMs: 60_000 });
    for (let i = 0; i < 7; i++) shipper.add(line(`line ${i}`));
    await shipper.close();
    expect(client.batches.map((batch) => batch.length)).toEqual([3, 3, 1]);
    expect(client.batches.flat().map((log) => log.message)).toEqual(
      [0, 1, 2, 3, 4, 5, 6].map((i) => `line ${i}`),
    );
    expect(client.batches.flat().every((log) => log.timestamp instanceof Date)).toBe(true);
  });

  it('keeps a batch that failed and sends it with the next flush', async () => {
    const client = recordingClient();
    const errors: unknown[] = [];
    const shipper = new LogShipper({ client, flushIntervalMs: 60_000, onError: (e) => errors.push(e) });
    client.state.down = true;
    shipper.add(line('during the outage'));
    await shipper.flush();
    expect(errors).toHaveLength(1);
    expect(client.batches).toHaveLength(0);
    client.state.down = false;
    shipper.add(line('after it'));
    await shipper.close();
    expect(client.batches.flat().map((log) => log.message)).toEqual(['during the outage', 'after it']);
  });

  it('drops the oldest lines beyond maxBuffered and says so', async () => {
    const client = recordingClient();
    client.state.down = true;
    const shipper = new LogShipper({ client, maxBuffered: 2, maxBatch: 100, flushIntervalMs: 60_000 });
    for (const message of ['a', 'b', 'c', 'd']) shipper.add(line(message));
    client.state.down = false;
    await shipper.close();
    const messages = client.batches.flat().map((log) => log.message);
    expect(messages).toEqual(['2 log line(s) were dropped while the API could not be reached.', 'c', 'd']);
  });
});
