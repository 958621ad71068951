import { describe, expect, it } from 'vitest';
import type { GraphQLContext } from './context.js';
import { rowChanges } from './row-changes.js';
import { type RunChange, RunEvents } from './run-events.js';

interface Row {
  id: string;
  updated: string;
}

const TENANT = 'tenant-1';

/** A subscription's rows over `events`; `reads` counts its reads of the database. */
function follow(pollMs: number, rowsOf?: (changes: readonly RunChange[]) => Row[] | undefined) {
  const events = new RunEvents();
  const shutdown = new AbortController();
  const stored: Row[] = [];
  const counter = { reads: 0 };
  const context = {
    events,
    subscriptionPollMs: pollMs,
    shutdown: shutdown.signal,
  } as unknown as GraphQLContext;
  const rows = rowChanges<Row>(
    context,
    TENANT,
    async () => {
      counter.reads++;
      return [...stored];
    },
    rowsOf,
  );
  return { events, stored, counter, rows, stop: () => shutdown.abort() };
}

const later = (ms = 0) => new Date(Date.now() + 1000 + ms).toISOString();
const carried = (changes: readonly RunChange[]) => {
  const rows: Row[] = [];
  for (const change of changes) {
    if (change.kind === 'logs') continue;
    if (change.kind !== 'flowRuns') return undefined;
    rows.push(...change.flowRuns.map((run) => ({ id: run.id, updated: run.updated })));
  }
  return rows;
};

describe('rowChanges', () => {
  it('hands over rows a change carries without reading, and reads on other changes', async () => {
    const { events, stored, counter, rows, stop } = follow(60_000, carried);
    const first = rows.next();
    // The subscription is listening once its generator has started.
    await new Promise((resolve) => setImmediate(resolve));
    events.notify(TENANT, { kind: 'logs' });
    events.notify(TENANT, { kind: 'flowRuns', flowRuns: [{ id: 'a', updated: later() } as never] });
    expect((await first).value).toEqual({ id: 'a', updated: expect.any(String) });
    expect(counter.reads).toBe(0);

    stored.push({ id: 'b', updated: later(1) });
    events.notify(TENANT);
    expect((await rows.next()).value).toEqual(stored[0]);
    expect(counter.reads).toBe(1);
    stop();
    expect((await rows.next()).done).toBe(true);
  });

  it('keeps changes made while it is busy, and reads on every poll', async () => {
    const { events, stored, counter, rows, stop } = follow(50, carried);
    const first = rows.next();
    await new Promise((resolve) => setImmediate(resolve));
    events.notify(TENANT, { kind: 'flowRuns', flowRuns: [{ id: 'a', updated: later() } as never] });
    events.notify(TENANT, { kind: 'flowRuns', flowRuns: [{ id: 'b', updated: later(1) } as never] });
    expect((await first).value.id).toBe('a');
    expect((await rows.next()).value.id).toBe('b');
    expect(counter.reads).toBe(0);

    stored.push({ id: 'c', updated: later(2) });
    expect((await rows.next()).value.id).toBe('c');
    expect(counter.reads).toBeGreaterThan(0);
    stop();
  });

  it('reads on every change when it cannot tell rows from changes', async () => {
    const { events, stored, counter, rows, stop } = follow(60_000);
    const first = rows.next();
    await new Promise((resolve) => setImmediate(resolve));
    stored.push({ id: 'a', updated: later() });
    events.notify(TENANT, { kind: 'logs' });
    expect((await first).value.id).toBe('a');
    expect(counter.reads).toBe(1);
    stop();
  });
});
