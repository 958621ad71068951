import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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

const RUNS = `query($filter: FlowRunFilter, $first: Int, $after: String, $orderBy: FlowRunOrder) {
  flowRuns(filter: $filter, first: $first, after: $after, orderBy: $orderBy) {
    totalCount pageInfo { hasNextPage endCursor } nodes { id name state failure }
  }
}`;

interface RunPage {
  totalCount: number;
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  nodes: { id: string; name: string; state: string; failure: string | null }[];
}

describe.each(backends)('run search, filters and pagination on $name', (backend) => {
  describe.runIf(backend.available)('', () => {
    let t: TestServer;
    let etlId: string;
    let reportId: string;
    const runs = (variables: Record<string, unknown>) =>
      gqlData<{ flowRuns: RunPage }>(t.server, t.token, RUNS, variables).then((data) => data.flowRuns);

    /** Moves a run to Running, then its task `add-1` and the run to `outcome`. */
    const finish = async (id: string, outcome: 'Success' | 'Failed', taskMessage: string) => {
      const run = await createFlowRunView(id);
      let version = run.version;
      for (const type of ['Submitted', 'Running']) {
        const data = await gqlData(t.server, t.token, SET_FLOW_RUN_STATES, {
          input: { states: [{ flowRunId: id, version, state: state(type) }] },
        });
        version = data.setFlowRunStates.states[0].version;
      }
      const task = run.taskRuns.find((taskRun) => taskRun.taskSlug === 'add-1')!;
      await gqlData(t.server, t.token, SET_TASK_RUN_STATES, {
        input: {
          states: [
            {
              taskRunId: task.id,
              version: task.version,
              flowRunVersion: version,
              state: state(outcome, { message: taskMessage }),
            },
          ],
        },
      });
      await gqlData(t.server, t.token, SET_FLOW_RUN_STATES, {
        input: {
          states: [
            { flowRunId: id, version, state: state(outcome, { message: 'Some reference tasks failed.' }) },
          ],
        },
      });
    };
    const createFlowRunView = async (id: string) =>
      (
        await gqlData(
          t.server,
          t.token,
          'query($id: ID!) { flowRun(id: $id) { version taskRuns { id version taskSlug } } }',
          {
            id,
          },
        )
      ).flowRun as { version: number; taskRuns: { id: string; version: number; taskSlug: string }[] };

    beforeAll(async () => {
      t = await startTestServer(backend);
      const projectId = await createProject(t, 'Search');
      etlId = (await createFlow(t, { projectId, serializedFlow: headwaterFlow('nightly-etl') })).id;
      reportId = (await createFlow(t, { projectId, serializedFlow: headwaterFlow('weekly_report') })).id;
    });
    afterAll(async () => {
      await t?.close();
    });

    it('gives every generated run name once in the tenant', async () => {
      const names = new Set<string>();
      for (let i = 0; i < 60; i++) {
        const { flowRun } = await createFlowRun(t, {
          flowId: i % 2 ? etlId : reportId,
          parameters: { x: i },
        });
        expect(flowRun.name).toMatch(/^[a-z]+-[a-z]+(-\d+)?$/);
        names.add(flowRun.name);
      }
      expect(names.size).toBe(60);
    });

    it('pages through every run with cursors, each run once, in order', async () => {
      const seen: string[] = [];
      let after: string | null = null;
      let pages = 0;
      do {
        const page: RunPage = await runs({ first: 7, after });
        expect(page.totalCount).toBe(60);
        seen.push(...page.nodes.map((node) => node.id));
        after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
        pages++;
      } while (after);
      expect(pages).toBe(9);
      expect(new Set(seen).size).toBe(60);
      const created = await runs({ first: 60, orderBy: 'CREATED_DESC' });
      const firstHalf = await runs({ first: 30, orderBy: 'CREATED_DESC' });
      const secondHalf = await runs({
        first: 30,
        orderBy: 'CREATED_DESC',
        after: firstHalf.pageInfo.endCursor,
      });
      expect([...firstHalf.nodes, ...secondHalf.nodes].map((node) => node.id)).toEqual(
        created.nodes.map((node) => node.id),
      );
      expect(secondHalf.pageInfo.hasNextPage).toBe(false);
    });

    it('searches names and flow names in any case, with like wildcards taken literally', async () => {
      const { flowRun } = await createFlowRun(t, {
        flowId: etlId,
        parameters: { x: 1 },
        name: 'Backfill_March',
        labels: ['prod', 'eu'],
      });
      expect((await runs({ filter: { search: 'backfill_m' } })).nodes.map((node) => node.id)).toEqual([
        flowRun.id,
      ]);
      expect((await runs({ filter: { search: 'KFILL' } })).totalCount).toBe(1);
      // `_` is no wildcard: "weekly_report" matches, "weeklyXreport" would not.
      expect((await runs({ filter: { search: 'ly_rep' } })).totalCount).toBe(30);
      expect((await runs({ filter: { search: 'y%r' } })).totalCount).toBe(0);
      expect((await runs({ filter: { search: 'NIGHTLY' } })).totalCount).toBe(31);
      expect((await runs({ filter: { search: 'nightly', labels: ['eu'] } })).totalCount).toBe(1);
      expect((await runs({ filter: { labels: ['prod', 'us'] } })).totalCount).toBe(0);
      expect((await runs({ filter: { search: '   ' } })).totalCount).toBe(61);
    });

    it('filters by flow, state and time range, and shows the failing task instead of the run message', async () => {
      const failed = await createFlowRun(t, { flowId: reportId, parameters: { x: 2 }, name: 'will-fail' });
      await finish(failed.id, 'Failed', 'ValueError: bad row 7\n  at load (flow.ts:3)');
      const succeeded = await createFlowRun(t, { flowId: reportId, parameters: { x: 3 }, name: 'will-pass' });
      await finish(succeeded.id, 'Success', 'ok');

      const failedPage = await runs({ filter: { flowId: reportId, stateGroup: 'Failed' } });
      expect(failedPage.nodes).toEqual([
        { id: failed.id, name: 'will-fail', state: 'Failed', failure: 'add: ValueError: bad row 7' },
      ]);
      expect((await runs({ filter: { ids: [succeeded.id] } })).nodes[0]?.failure).toBeNull();
      expect((await runs({ filter: { stateGroup: 'Finished' } })).totalCount).toBe(2);

      const future = new Date(Date.now() + 3_600_000).toISOString();
      await createFlowRun(t, {
        flowId: etlId,
        parameters: { x: 4 },
        name: 'later',
        scheduledStartTime: future,
      });
      const upcoming = await runs({
        filter: { scheduledAfter: new Date(Date.now() + 60_000).toISOString() },
      });
      expect(upcoming.nodes.map((node) => node.name)).toEqual(['later']);
      const past = await runs({ filter: { scheduledBefore: new Date(Date.now() + 60_000).toISOString() } });
      expect(past.totalCount).toBe(63);
    });

    it("summarises a flow's last finished runs: strip, success rate and median duration", async () => {
      const data = await gqlData(
        t.server,
        t.token,
        'query($id: ID!) { flow(id: $id) { health(last: 20) { successRate medianDuration runs { name state } } } }',
        { id: reportId },
      );
      const health = data.flow.health;
      expect(health.runs.map((run: { name: string }) => run.name).sort()).toEqual(['will-fail', 'will-pass']);
      expect(health.successRate).toBe(0.5);
      expect(health.medianDuration).toBeGreaterThanOrEqual(0);
      const empty = await gqlData(
        t.server,
        t.token,
        'query($id: ID!) { flow(id: $id) { health { successRate medianDuration runs { id } } } }',
        {
          id: etlId,
        },
      );
      expect(empty.flow.health).toEqual({ successRate: null, medianDuration: null, runs: [] });
    });
  });
});
