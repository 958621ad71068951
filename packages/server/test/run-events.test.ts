import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FlowRunModel } from '../src/api/models.js';
import { bridgeRunEvents, type RunEventsBridge } from '../src/graphql/postgres-run-events.js';
import { mayMakeRunDue, type RunChange, RunEvents } from '../src/graphql/run-events.js';
import { backends } from './helpers.js';

const runIn = (state: string) => ({ id: randomUUID(), state }) as unknown as FlowRunModel;

describe('which changes may make a run due (what wakes a waiting claim)', () => {
  it('runs created or scheduled again and task runs waiting for their next try; not runs started or finished, nor logs', () => {
    const due: RunChange[] = [
      { kind: 'flowRuns', flowRuns: [runIn('Success'), runIn('Scheduled')] },
      { kind: 'taskRuns', states: ['Running', 'Retrying'] },
      { kind: 'any' },
    ];
    const quiet: RunChange[] = [
      { kind: 'flowRuns', flowRuns: [runIn('Submitted'), runIn('Running'), runIn('Success')] },
      { kind: 'taskRuns', states: ['Running', 'Success', 'Failed'] },
      { kind: 'logs' },
      { kind: 'any', mayMakeRunDue: false },
    ];
    expect(due.map(mayMakeRunDue)).toEqual([true, true, true]);
    expect(quiet.map(mayMakeRunDue)).toEqual([false, false, false, false]);
  });
});

const postgres = backends.find((backend) => backend.name === 'PostgreSQL')!;

describe.runIf(postgres.available)('run events between replicas (PostgreSQL LISTEN/NOTIFY)', () => {
  let database: Awaited<ReturnType<typeof postgres.create>>;
  const bridges: RunEventsBridge[] = [];
  const sender = new RunEvents();
  const receiver = new RunEvents();
  const tenant = randomUUID();
  let heard: RunChange[] = [];

  beforeAll(async () => {
    database = await postgres.create();
    const onError = (message: string, error: unknown) => {
      throw new Error(`${message}: ${String(error)}`);
    };
    for (const events of [sender, receiver])
      bridges.push(await bridgeRunEvents(events, database.url, onError));
    receiver.listen(tenant, (change) => heard.push(change));
  });
  afterAll(async () => {
    for (const bridge of bridges) await bridge.close();
    await database?.drop();
  });

  /** What the receiver heard after `send`, once the sender's notification arrived. */
  async function heardAfter(send: () => void | Promise<void>): Promise<RunChange[]> {
    heard = [];
    await send();
    for (let waited = 0; heard.length === 0 && waited < 5000; waited += 20) await sleep(20);
    return heard;
  }

  it('tells the other replica whether its change may have made a run due, so only such changes wake its claims', async () => {
    const started = await heardAfter(() =>
      sender.notify(tenant, { kind: 'flowRuns', flowRuns: [runIn('Running')] }),
    );
    expect(started).toEqual([{ kind: 'any', mayMakeRunDue: false }]);
    const finishedTask = await heardAfter(() =>
      sender.notify(tenant, { kind: 'taskRuns', states: ['Success'] }),
    );
    expect(finishedTask.map(mayMakeRunDue)).toEqual([false]);
    // Changes of one turn of the event loop go as one notification: due if any of them is.
    const created = await heardAfter(() => {
      sender.notify(tenant, { kind: 'logs' });
      sender.notify(tenant, { kind: 'flowRuns', flowRuns: [runIn('Scheduled')] });
    });
    expect(created).toEqual([{ kind: 'any' }]);
    expect(created.map(mayMakeRunDue)).toEqual([true]);
  });

  it('takes a change from a replica that does not say (an older one) as one that may have made a run due', async () => {
    const client = new pg.Client({ connectionString: database.url });
    await client.connect();
    try {
      const older = await heardAfter(async () => {
        await client.query('select pg_notify($1, $2)', ['headwater_run_events', `${randomUUID()} ${tenant}`]);
      });
      expect(older.map(mayMakeRunDue)).toEqual([true]);
    } finally {
      await client.end();
    }
  });
});
