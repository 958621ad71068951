import { randomUUID } from 'node:crypto';
import pg from 'pg';
import type { RunEvents } from './run-events.js';

/** The PostgreSQL channel server replicas tell each other of changes on. */
const CHANNEL = 'headwater_run_events';

const RECONNECT_MS = [250, 1000, 5000];

/** A running bridge; `close()` stops it. */
export interface RunEventsBridge {
  close(): Promise<void>;
}

/**
 * Carries `events` between the server replicas of one PostgreSQL database with LISTEN/NOTIFY:
 * a change this replica notifies is sent on {@link CHANNEL} (once per tenant per turn of the
 * event loop), and a change another replica sent wakes this replica's subscriptions at once, so
 * a run created through replica A reaches an agent subscribed to replica B without waiting for
 * B's next database poll. While the connection is down, subscriptions still poll.
 */
export async function bridgeRunEvents(
  events: RunEvents,
  databaseUrl: string,
  onError: (message: string, error: unknown) => void,
): Promise<RunEventsBridge> {
  const origin = randomUUID();
  let client: pg.Client | undefined;
  let closed = false;
  let failures = 0;
  let reconnect: NodeJS.Timeout | undefined;
  const pending = new Set<string>();
  let flushScheduled = false;

  const connect = async (): Promise<void> => {
    const next = new pg.Client({ connectionString: databaseUrl });
    next.on('notification', (message) => {
      const [from, tenantId] = (message.payload ?? '').split(' ');
      if (from !== origin && tenantId) events.deliver(tenantId);
    });
    const lost = (error?: unknown) => {
      if (client !== next) return;
      client = undefined;
      next.end().catch(() => {});
      if (closed) return;
      if (failures++ === 0)
        onError('Lost the PostgreSQL connection that carries run events between replicas', error);
      reconnect = setTimeout(() => void connect(), RECONNECT_MS[Math.min(failures, RECONNECT_MS.length) - 1]);
    };
    next.on('error', lost);
    next.on('end', () => lost(new Error('connection ended')));
    client = next;
    try {
      await next.connect();
      await next.query(`listen ${CHANNEL}`);
      failures = 0;
    } catch (error) {
      lost(error);
    }
  };

  // One statement at a time on the connection: a flush waits for the one before it.
  let sending: Promise<unknown> = Promise.resolve();
  const flush = () => {
    flushScheduled = false;
    const payloads = [...pending].map((tenantId) => `${origin} ${tenantId}`);
    pending.clear();
    sending = sending.then(() =>
      client
        ?.query('select pg_notify($1, payload) from unnest($2::text[]) as payload', [CHANNEL, payloads])
        .catch(() => {}),
    );
  };

  events.onNotify((tenantId) => {
    pending.add(tenantId);
    if (!flushScheduled) {
      flushScheduled = true;
      setImmediate(flush);
    }
  });
  await connect();
  return {
    async close() {
      closed = true;
      clearTimeout(reconnect);
      const current = client;
      client = undefined;
      await current?.end().catch(() => {});
    },
  };
}
