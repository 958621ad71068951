import type { RunLogInput } from '@headwater/client';
import { ClientError } from '@headwater/client';
import { describe, expect, it } from 'vitest';
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

  it('keeps lines added while a batch is on its way for the next batch', async () => {
    const batches: string[][] = [];
    let release!: () => void;
    const client = {
      async writeRunLogs(logs: RunLogInput[]) {
        batches.push(logs.map((log) => log.message));
        if (batches.length === 1) await new Promise<void>((resolve) => (release = resolve));
      },
    };
    const shipper = new LogShipper({ client, flushIntervalMs: 60_000 });
    shipper.add(line('first'));
    const flushing = shipper.flush();
    shipper.add(line('second'));
    shipper.add(line('third'));
    release();
    await flushing;
    await shipper.close();
    expect(batches).toEqual([['first'], ['second', 'third']]);
  });

  it('delivers every line of a flood, in order, while batches are slow to go', async () => {
    const messages: string[] = [];
    const client = {
      async writeRunLogs(logs: RunLogInput[]) {
        await new Promise((resolve) => setTimeout(resolve, 5));
        messages.push(...logs.map((log) => log.message));
      },
    };
    const shipper = new LogShipper({ client, flushIntervalMs: 60_000 });
    for (let i = 0; i < 12_000; i++) shipper.add(line(`line ${i}`));
    await shipper.close();
    expect(messages).toEqual(Array.from({ length: 12_000 }, (_, i) => `line ${i}`));
  });

  it('drops only the lines the API refuses for their content, and says how many and why', async () => {
    const batches: string[][] = [];
    const errors: unknown[] = [];
    const client = {
      async writeRunLogs(logs: RunLogInput[]) {
        if (logs.some((log) => log.message.startsWith('refused')))
          throw new ClientError({ code: 'BAD_USER_INPUT', message: 'logs.3.message is too long' });
        batches.push(logs.map((log) => log.message));
      },
    };
    const shipper = new LogShipper({ client, flushIntervalMs: 60_000, onError: (e) => errors.push(e) });
    for (const message of ['a', 'b', 'refused 1', 'c', 'd', 'refused 2', 'e']) shipper.add(line(message));
    await shipper.flush();
    shipper.add(line('after'));
    await shipper.close();
    expect(batches.flat()).toEqual([
      'a',
      'b',
      'c',
      'd',
      'e',
      '2 log line(s) were refused by the API and dropped: logs.3.message is too long',
      'after',
    ]);
    expect(errors).toHaveLength(1);
  });

  it('replaces NUL in messages with U+FFFD', async () => {
    const client = recordingClient();
    const shipper = new LogShipper({ client, flushIntervalMs: 60_000 });
    shipper.add(line('before\u0000after'));
    await shipper.close();
    expect(client.batches.flat().map((log) => log.message)).toEqual(['before\uFFFDafter']);
  });

  it('drops the oldest waiting lines beyond maxBuffered only while the API is unreachable, and says how many', async () => {
    const client = recordingClient();
    const shipper = new LogShipper({ client, maxBuffered: 2, maxBatch: 100, flushIntervalMs: 60_000 });
    for (const message of ['a', 'b', 'c']) shipper.add(line(message));
    client.state.down = true;
    await shipper.flush();
    for (const message of ['d', 'e']) shipper.add(line(message));
    client.state.down = false;
    await shipper.close();
    const messages = client.batches.flat().map((log) => log.message);
    expect(messages).toEqual(['3 log line(s) were dropped while the API could not be reached.', 'd', 'e']);
  });

  it('sends no request per added line while the API cannot be reached (its flushes try again)', async () => {
    let calls = 0;
    const client = {
      async writeRunLogs() {
        calls++;
        throw new Error('API unreachable');
      },
    };
    const shipper = new LogShipper({ client, maxBatch: 10, flushIntervalMs: 60_000 });
    for (let i = 0; i < 10; i++) shipper.add(line(`line ${i}`));
    await shipper.flush();
    const before = calls;
    for (let i = 0; i < 1000; i++) shipper.add(line(`more ${i}`));
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(calls).toBe(before);
  });

  it('counts exactly what it drops when a batch fails with lines piled up behind it', async () => {
    const batches: string[][] = [];
    let release!: () => void;
    let fail = true;
    const client = {
      async writeRunLogs(logs: RunLogInput[]) {
        if (batches.length === 0 && fail) {
          await new Promise<void>((resolve) => (release = resolve));
          fail = false;
          throw new Error('API unreachable');
        }
        batches.push(logs.map((log) => log.message));
      },
    };
    const shipper = new LogShipper({ client, maxBuffered: 3, maxBatch: 2, flushIntervalMs: 60_000 });
    shipper.add(line('in flight 1'));
    shipper.add(line('in flight 2'));
    for (let i = 0; i < 5; i++) shipper.add(line(`waiting ${i}`));
    release();
    await shipper.close();
    expect(batches.flat()).toEqual([
      '4 log line(s) were dropped while the API could not be reached.',
      'waiting 2',
      'waiting 3',
      'waiting 4',
    ]);
  });
});
