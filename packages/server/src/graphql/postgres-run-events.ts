import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { mayMakeRunDue, type RunEvents } from './run-events.js';

/** The PostgreSQL channel server replicas tell each other of changes on. */
const CHANNEL = 'headwater_run_events';
/**
 * The word after the tenant of a change that made no run due (runs or task runs started or
 * finished, logs): the other replicas wake their subscriptions, not the claims waiting for a
 * due run. A change without it (or from an older replica) may have made one due.
 */
const NO_RUN_DUE = 'quiet';
/** The channel they tell each other of revoked API tokens on. */
const TOKENS_CHANNEL = 'headwater_token_revocations';

/** What the bridge needs of the server's token checks (see `TokenAuthenticator`). */
export interface RevocationsHearer {
  hearsRevocations(heard: boolean): void;
  onTokenRevoked(listener: () => void): void;
  forgetTokens(): void;
}

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
 * B's next database poll. While the connection is down, subscriptions still poll. Revoked API
 * tokens go the same way on {@link TOKENS_CHANNEL}: while the connection is up, `tokens` hears
 * of every revocation and trusts the tokens it read for longer.
 */
export async function bridgeRunEvents(
  events: RunEvents,
  databaseUrl: string,
  onError: (message: string, error: unknown) => void,
  tokens?: RevocationsHearer,
): Promise<RunEventsBridge> {
  const origin = randomUUID();
  let client: pg.Client | undefined;
  let closed = false;
  let failures = 0;
  let reconnect: NodeJS.Timeout | undefined;
  /** Tenants changed in this turn of the event loop, and whether a change may have made a run due. */
  const pending = new Map<string, boolean>();
  let flushScheduled = false;

  const connect = async (): Promise<void> => {
    const next = new pg.Client({ connectionString: databaseUrl });
    next.on('notification', (message) => {
      const [from, tenantId, mark] = (message.payload ?? '').split(' ');
      if (from === origin) return;
      if (message.channel === TOKENS_CHANNEL) tokens?.forgetTokens();
      // A replica that does not mark its changes may have made a run due.
      else if (tenantId) events.deliver(tenantId, mark !== NO_RUN_DUE);
    });
    const lost = (error?: unknown) => {
      if (client !== next) return;
      client = undefined;
      tokens?.hearsRevocations(false);
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
      await next.query(`listen ${CHANNEL}; listen ${TOKENS_CHANNEL}`);
      failures = 0;
      if (client === next) tokens?.hearsRevocations(true);
    } catch (error) {
      lost(error);
    }
  };

  // One statement at a time on the connection: a flush waits for the one before it.
  let sending: Promise<unknown> = Promise.resolve();
  const flush = () => {
    flushScheduled = false;
    const payloads = [...pending].map(
      ([tenantId, due]) => `${origin} ${tenantId}${due ? '' : ` ${NO_RUN_DUE}`}`,
    );
    pending.clear();
    sending = sending.then(() =>
      client
        ?.query('select pg_notify($1, payload) from unnest($2::text[]) as payload', [CHANNEL, payloads])
        .catch(() => {}),
    );
  };

  // A revocation is told even while the listening connection is down, on a connection of its own.
  tokens?.onTokenRevoked(() => {
    if (closed) return;
    sending = sending.then(() =>
      (client ?? oneOff(databaseUrl))
        .query('select pg_notify($1, $2)', [TOKENS_CHANNEL, origin])
        .catch(() => {}),
    );
  });
  events.onNotify((tenantId, change) => {
    pending.set(tenantId, (pending.get(tenantId) ?? false) || mayMakeRunDue(change));
    if (!flushScheduled) {
      flushScheduled = true;
      setImmediate(flush);
    }
  });
  await connect();
  return {
    async close() {
      closed = true;
      tokens?.hearsRevocations(false);
      clearTimeout(reconnect);
      const current = client;
      client = undefined;
      await current?.end().catch(() => {});
    },
  };
}

/** A connection that runs one query and closes (for the rare message sent while the bridge is down). */
function oneOff(databaseUrl: string): Pick<pg.Client, 'query'> {
  return {
    query: (async (text: string, values: unknown[]) => {
      const once = new pg.Client({ connectionString: databaseUrl });
      once.on('error', () => {});
      try {
        await once.connect();
        return await once.query(text, values);
      } finally {
        await once.end().catch(() => {});
      }
    }) as pg.Client['query'],
  };
}
