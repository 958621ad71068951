import { type Kysely, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../src/api/store.js';
import type { Tables } from '../src/database/tables.js';
import { connectDatabase } from '../src/index.js';
import { isSilent, lockFlowRun } from '../src/services/flow-run-lock.js';
import { resurrect, selectLostFlowRuns } from '../src/services/lazarus.js';
import { killZombie, selectZombieTaskRuns } from '../src/services/zombie-killer.js';
import {
  backends,
  createFlow,
  createFlowRun,
  createProject,
  gqlData,
  headwaterFlow,
  SET_FLOW_RUN_STATES,
  SET_TASK_RUN_STATES,
  startTestServer,
  state,
  type TestServer,
} from './helpers.js';

const HEARTBEAT = `mutation($id: ID!) { updateFlowRunHeartbeat(input: { flowRunId: $id }) { success } }`;
const LONG_AGO = '2020-01-01T00:00:00.000Z';

/**
 * A heartbeat that lands after a service selected a run, but before the service writes, keeps
 * the run alive: the service re-reads the heartbeat in its transaction. The race is laid out
 * step by step with the service's own select and write.
 */
describe.each(backends)('a late heartbeat beats the services on $name', (backend) => {
  describe.runIf(backend.available)('', () => {
    let t: TestServer;
    let store: Store;
    let projectId: string;
    beforeAll(async () => {
      t = await startTestServer(backend);
      store = connectDatabase<Tables>(t.url) as { db: Kysely<Tables>; kind: Store['kind'] };
      projectId = await createProject(t, 'Races');
    });
    afterAll(async () => {
      await store?.db.destroy();
      await t?.close();
    });

    /** A Running flow run (heartbeat long ago) with its `add-1` task run Running. */
    async function silentRunningTask() {
      const flow = await createFlow(t, { projectId, serializedFlow: headwaterFlow(`race-${Math.random()}`) });
      const run = await createFlowRun(t, { flowId: flow.id, parameters: { x: 1 } });
      await gqlData(t.server, t.token, SET_FLOW_RUN_STATES, {
        input: { states: [{ flowRunId: run.id, version: 1, state: state('Running') }] },
      });
      const task = run.flowRun.taskRuns.find((r) => r.taskSlug === 'add-1')!;
      await gqlData(t.server, t.token, SET_TASK_RUN_STATES, {
        input: { states: [{ taskRunId: task.id, version: 1, state: state('Running') }] },
      });
      await silence(run.id);
      return { flowRunId: run.id, taskRunId: task.id, flowId: flow.id };
    }

    const silence = (flowRunId: string) =>
      store.db.updateTable('flow_run').set({ heartbeat: LONG_AGO }).where('id', '=', flowRunId).execute();

    const taskRunState = async (id: string) =>
      (await store.db.selectFrom('task_run').select('state').where('id', '=', id).executeTakeFirstOrThrow())
        .state;
    const flowRunState = async (id: string) =>
      (await store.db.selectFrom('flow_run').select('state').where('id', '=', id).executeTakeFirstOrThrow())
        .state;

    it('zombie killer: a heartbeat between selection and write leaves the task run Running; a silent one is retried', async () => {
      const alive = await silentRunningTask();
      const dead = await silentRunningTask();
      const now = new Date();
      const cutoff = new Date(now.getTime() - 60_000);
      const selected = await selectZombieTaskRuns(store, cutoff, 1000);
      const zombie = (id: string) => selected.find((z) => z.id === id)!;
      expect(zombie(alive.taskRunId)).toBeDefined();
      expect(zombie(dead.taskRunId)).toBeDefined();

      await gqlData(t.server, t.token, HEARTBEAT, { id: alive.flowRunId });

      expect(await killZombie(store, zombie(alive.taskRunId), cutoff, now)).toBe(false);
      expect(await killZombie(store, zombie(dead.taskRunId), cutoff, now)).toBe(true);
      expect(await taskRunState(alive.taskRunId)).toBe('Running');
      expect(await taskRunState(dead.taskRunId)).toBe('Retrying');
    });

    it('zombie killer: a task run that moved on after selection is left alone', async () => {
      const run = await silentRunningTask();
      const now = new Date();
      const cutoff = new Date(now.getTime() - 60_000);
      const zombie = (await selectZombieTaskRuns(store, cutoff, 1000)).find((z) => z.id === run.taskRunId)!;
      await gqlData(t.server, t.token, SET_TASK_RUN_STATES, {
        input: { states: [{ taskRunId: run.taskRunId, version: zombie.version, state: state('Success') }] },
      });
      expect(await killZombie(store, zombie, cutoff, now)).toBe(false);
      expect(await taskRunState(run.taskRunId)).toBe('Success');
    });

    // Only PostgreSQL has row locks to test: SQLite's one writer runs the service's whole
    // transaction before the heartbeat's (BEGIN IMMEDIATE), which the tests above cover.
    const postgresOnly = backend.name === 'PostgreSQL' ? it : () => {};
    postgresOnly(
      'holds off a heartbeat sent while a service has re-read the run, until it commits',
      async () => {
        const run = await silentRunningTask();
        const cutoff = new Date(Date.now() - 60_000);
        let beat: Promise<unknown> | undefined;
        await store.db.transaction().execute(async (trx) => {
          const locked = await lockFlowRun({ db: trx, kind: 'postgres' }, run.flowRunId, 'share');
          expect(isSilent(locked!, cutoff)).toBe(true);
          beat = gqlData(t.server, t.token, HEARTBEAT, { id: run.flowRunId });
          for (let i = 0; (await heartbeatsWaitingForALock()) === 0; i++) {
            if (i > 300) throw new Error('The heartbeat never waited for the lock of the service.');
            await new Promise((resolve) => setTimeout(resolve, 50));
          }
        });
        await beat;
        const after = await store.db
          .selectFrom('flow_run')
          .select('heartbeat')
          .where('id', '=', run.flowRunId)
          .executeTakeFirstOrThrow();
        expect(isSilent(after, cutoff)).toBe(false);
      },
    );

    /** How many sessions wait for a row lock to write a flow run's heartbeat. */
    async function heartbeatsWaitingForALock(): Promise<number> {
      const { rows } = await sql<{ n: number }>`
        select count(*)::int as n from pg_stat_activity
        where wait_event_type = 'Lock' and query ilike 'update "flow_run" set "heartbeat"%'`.execute(
        store.db,
      );
      return rows[0]!.n;
    }

    it('lazarus: a heartbeat, or a task run starting, between selection and write keeps the flow run', async () => {
      const flow = await createFlow(t, { projectId, serializedFlow: headwaterFlow('lazarus-race') });
      const runs = [];
      for (let i = 0; i < 3; i++) {
        const run = await createFlowRun(t, { flowId: flow.id, parameters: { x: i } });
        await gqlData(t.server, t.token, SET_FLOW_RUN_STATES, {
          input: { states: [{ flowRunId: run.id, version: 1, state: state('Running') }] },
        });
        // Its task runs finished or not started yet, the run counts as lost once silent.
        await store.db
          .updateTable('task_run')
          .set({ state: 'Pending' })
          .where('flow_run_id', '=', run.id)
          .execute();
        await silence(run.id);
        runs.push(run);
      }
      const [beating, starting, lost] = runs.map((r) => r!);
      const now = new Date();
      const cutoff = new Date(now.getTime() - 60_000);
      const selected = await selectLostFlowRuns(store, cutoff, 1000);
      const candidate = (id: string) => selected.find((r) => r.id === id)!;
      for (const run of runs) expect(candidate(run.id)).toBeDefined();

      await gqlData(t.server, t.token, HEARTBEAT, { id: beating!.id });
      const task = starting!.flowRun.taskRuns.find((r) => r.taskSlug === 'add-1')!;
      await gqlData(t.server, t.token, SET_TASK_RUN_STATES, {
        input: { states: [{ taskRunId: task.id, version: 1, state: state('Running') }] },
      });
      await silence(starting!.id);

      const options = { maxResurrections: 3 };
      expect(await resurrect(store, candidate(beating!.id), options, cutoff, now)).toBe(false);
      expect(await resurrect(store, candidate(starting!.id), options, cutoff, now)).toBe(false);
      expect(await resurrect(store, candidate(lost!.id), options, cutoff, now)).toBe(true);
      expect(await Promise.all(runs.map((r) => flowRunState(r.id)))).toEqual([
        'Running',
        'Running',
        'Scheduled',
      ]);
    });
  });
});
