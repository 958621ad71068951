import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../src/index.js';
import {
  backends,
  createFlow,
  createFlowRun,
  createProject,
  errorCode,
  gql,
  gqlData,
  headwaterFlow,
  SET_FLOW_RUN_STATES,
  SET_TASK_RUN_STATES,
  startReplica,
  startTestServer,
  state,
  type TestServer,
} from './helpers.js';

const CLAIM = `mutation($input: claimFlowRunsInput!) { claimFlowRuns(input: $input) {
  claims { flowRun { id version state agentId labels serializedState } taskRuns { id version state } }
  nextDueAt } }`;
const REGISTER = `mutation($input: registerAgentInput!) { registerAgent(input: $input) { id } }`;

const RUNS = 200;
const CLAIMERS = 5;

interface Claimed {
  claims: {
    flowRun: {
      id: string;
      version: number;
      state: string;
      agentId: string;
      labels: string[];
      serializedState: any;
    };
    taskRuns: { id: string; version: number; state: string }[];
  }[];
  nextDueAt: string | null;
}

describe.each(backends)('claimFlowRuns on $name', (backend) => {
  describe.runIf(backend.available)('', () => {
    let t: TestServer;
    let replica: RunningServer | undefined;
    let projectId: string;
    let localFlowId: string;
    let agentSeq = 0;

    const register = async (labels: string[], storageTypes: string[] | null = ['Local']) =>
      (
        await gqlData(t.server, t.token, REGISTER, {
          input: { name: `claimer-${agentSeq++}`, type: 'ProcessAgent', labels, storageTypes },
        })
      ).registerAgent.id as string;
    const claim = async (agentId: string, limit: number, server: { graphqlUrl: string } = t.server) =>
      (await gqlData(server, t.token, CLAIM, { input: { agentId, limit } })).claimFlowRuns as Claimed;
    const newRun = async (labels: string[], extra: Record<string, unknown> = {}) =>
      (await createFlowRun(t, { flowId: localFlowId, parameters: { x: 1 }, labels, ...extra })).id;

    beforeAll(async () => {
      t = await startTestServer(backend);
      if (backend.name === 'PostgreSQL') {
        replica = await startReplica(t);
      }
      projectId = await createProject(t, 'Claims');
      localFlowId = (await createFlow(t, { projectId, serializedFlow: headwaterFlow('claimed') })).id;
    });
    afterAll(async () => {
      await replica?.close();
      await t?.close();
    });

    it(`hands each of ${RUNS} runs to exactly one of ${CLAIMERS} concurrent claimers`, async () => {
      const runIds = new Set<string>();
      for (let i = 0; i < RUNS; i++) runIds.add(await newRun(['many']));
      const agents = await Promise.all(Array.from({ length: CLAIMERS }, () => register(['many'])));
      const servers = replica ? [t.server, replica] : [t.server];
      const handed: { agentId: string; runId: string; version: number }[] = [];
      await Promise.all(
        agents.map(async (agentId, index) => {
          for (;;) {
            const { claims } = await claim(agentId, 7, servers[index % servers.length]);
            if (claims.length === 0) return;
            expect(claims.length).toBeLessThanOrEqual(7);
            for (const c of claims) handed.push({ agentId, runId: c.flowRun.id, version: c.flowRun.version });
          }
        }),
      );
      expect(handed).toHaveLength(RUNS);
      expect(new Set(handed.map((h) => h.runId))).toEqual(runIds);
      // Every run is Submitted once, by the agent it was handed to, with one history entry.
      const sample = handed.slice(0, 20);
      for (const { agentId, runId } of sample) {
        const data = await gqlData(
          t.server,
          t.token,
          `query($id: ID!) { flowRun(id: $id) { state version agentId } flowRunStates(flowRunId: $id) { state } }`,
          { id: runId },
        );
        expect(data.flowRun).toMatchObject({ state: 'Submitted', version: 2, agentId });
        expect(data.flowRunStates.map((s: { state: string }) => s.state)).toEqual(['Scheduled', 'Submitted']);
      }
      // More than one claimer took part.
      expect(new Set(handed.map((h) => h.agentId)).size).toBeGreaterThan(1);
    });

    it('hands out at most limit runs, oldest due first, and wraps the state they were in', async () => {
      const agentId = await register(['limit']);
      const ids = [];
      for (let i = 0; i < 5; i++) ids.push(await newRun(['limit']));
      const first = await claim(agentId, 2);
      expect(first.claims.map((c) => c.flowRun.id)).toEqual(ids.slice(0, 2));
      expect(first.claims[0]!.flowRun.serializedState).toMatchObject({
        type: 'Submitted',
        message: expect.stringContaining('claimer-'),
        state: { type: 'Scheduled' },
      });
      expect(first.nextDueAt).toBeNull();
      const rest = await claim(agentId, 10);
      expect(rest.claims.map((c) => c.flowRun.id)).toEqual(ids.slice(2));
      expect((await claim(agentId, 10)).claims).toEqual([]);
      const refused = await gql(t.server, t.token, CLAIM, { input: { agentId, limit: 0 } });
      expect(errorCode(refused)).toBe('BAD_USER_INPUT');
      expect(refused.errors?.[0]?.message).toMatch(/limit must be between 1 and/);
    });

    it('hands back each run with its flow and task runs, as reading them afterwards does', async () => {
      const RUN = `id name flowId version state stateMessage stateTimestamp stateStartTime serializedState
        parameters context labels scheduledStartTime startTime endTime duration heartbeat autoScheduled
        idempotencyKey timesResurrected agentId parentTaskRunId created updated
        flow { id name version versionGroupId flowGroupId archived description projectId coreVersion
          serializedFlow environment storage storageType schedule isScheduleActive labels
          parameters { name slug required default } idempotencyKey created updated }
        taskRuns { id flowRunId taskId taskSlug mapIndex name version state stateMessage stateTimestamp
          stateStartTime serializedState startTime endTime duration heartbeat runCount cacheKey
          cachedFromTaskRunId created updated }`;
      const otherFlowId = (await createFlow(t, { projectId, serializedFlow: headwaterFlow('claimed-too') }))
        .id;
      const agentId = await register(['read-back']);
      // Two runs of one flow and one of another; a start time whose milliseconds end in zeros.
      const ids = [
        await newRun(['read-back'], { scheduledStartTime: '2020-01-01T00:00:00.100Z' }),
        (await createFlowRun(t, { flowId: otherFlowId, parameters: { x: 2 }, labels: ['read-back'] })).id,
        await newRun(['read-back']),
      ];
      const claimed = await gqlData(
        t.server,
        t.token,
        `mutation($input: claimFlowRunsInput!) { claimFlowRuns(input: $input) { claims { flowRun { ${RUN} } } } }`,
        { input: { agentId, limit: 5 } },
      );
      const runs = claimed.claimFlowRuns.claims.map((c: { flowRun: { id: string } }) => c.flowRun);
      expect(runs.map((run: { id: string }) => run.id)).toEqual(ids);
      for (const run of runs) {
        const read = await gqlData(t.server, t.token, `query($id: ID!) { flowRun(id: $id) { ${RUN} } }`, {
          id: run.id,
        });
        expect(run).toEqual(read.flowRun);
        expect(run).toMatchObject({ state: 'Submitted', agentId });
        expect(run.taskRuns.length).toBeGreaterThan(0);
      }
      expect(runs[0].scheduledStartTime).toBe('2020-01-01T00:00:00.100Z');
      expect(runs.map((run: { flow: { id: string } }) => run.flow.id)).toEqual([
        localFlowId,
        otherFlowId,
        localFlowId,
      ]);
    });

    it("respects the agent's labels and storage types", async () => {
      const dockerFlowId = (
        await createFlow(t, {
          projectId,
          serializedFlow: headwaterFlow('in-docker', {
            storage: { type: 'Docker', image_name: 'x', flows: {}, __version__: '0.1.0' },
          }),
        })
      ).id;
      const both = await newRun(['a', 'b']);
      const onlyA = await newRun(['a']);
      const unlabelled = await newRun([]);
      const docker = (await createFlowRun(t, { flowId: dockerFlowId, parameters: { x: 1 }, labels: ['a'] }))
        .id;

      const justB = await register(['b']);
      expect((await claim(justB, 10)).claims).toEqual([]);
      const ab = await register(['a', 'b']);
      expect((await claim(ab, 10)).claims.map((c) => c.flowRun.id).sort()).toEqual([both, onlyA].sort());
      const noLabels = await register([]);
      expect((await claim(noLabels, 10)).claims.map((c) => c.flowRun.id)).toEqual([unlabelled]);
      const runsNothing = await register(['a'], []);
      expect((await claim(runsNothing, 10)).claims).toEqual([]);
      const dockerAgent = await register(['a'], ['Docker']);
      expect((await claim(dockerAgent, 10)).claims.map((c) => c.flowRun.id)).toEqual([docker]);
    });

    it('hands out a scheduled run at its start time, and says when that is', async () => {
      const agentId = await register(['later']);
      const startTime = new Date(Date.now() + 1500).toISOString();
      const id = await newRun(['later'], { scheduledStartTime: startTime });
      const early = await claim(agentId, 5);
      expect(early.claims).toEqual([]);
      expect(early.nextDueAt).toBe(startTime);
      await new Promise((resolve) => setTimeout(resolve, Date.parse(startTime) - Date.now() + 50));
      expect((await claim(agentId, 5)).claims.map((c) => c.flowRun.id)).toEqual([id]);
    });

    /** A flow run handed to `agentId` and Running, whose `add-1` task run is due to retry. */
    const runWithDueRetry = async (agentId: string, labels: string[]) => {
      const created = await createFlowRun(t, { flowId: localFlowId, parameters: { x: 1 }, labels });
      const [handed] = (await claim(agentId, 1)).claims;
      const running = await gqlData(t.server, t.token, SET_FLOW_RUN_STATES, {
        input: {
          states: [{ flowRunId: created.id, version: handed!.flowRun.version, state: state('Running') }],
        },
      });
      const taskRun = created.flowRun.taskRuns.find((tr) => tr.taskSlug === 'add-1')!;
      await gqlData(t.server, t.token, SET_TASK_RUN_STATES, {
        input: {
          states: [
            {
              taskRunId: taskRun.id,
              version: taskRun.version,
              state: state('Retrying', {
                start_time: new Date(Date.now() - 1000).toISOString(),
                run_count: 1,
              }),
            },
          ],
        },
      });
      return { id: created.id, version: running.setFlowRunStates.states[0].version as number, taskRun };
    };

    it('submits again the task runs of a Running flow run that are due to retry', async () => {
      const agentId = await register(['retry']);
      const { id, version, taskRun } = await runWithDueRetry(agentId, ['retry']);
      const other = await register(['retry']);
      // While the agent says it runs the flow run, its process runs the retry itself.
      const held = await gqlData(t.server, t.token, CLAIM, {
        input: { agentId, limit: 3, heldFlowRunIds: [id] },
      });
      expect(held.claimFlowRuns.claims).toEqual([]);
      const [again] = (await claim(agentId, 3)).claims;
      expect(again!.flowRun).toMatchObject({ id, state: 'Running', version });
      expect(again!.taskRuns).toEqual([{ id: taskRun.id, version: taskRun.version + 2, state: 'Submitted' }]);
      expect((await claim(other, 3)).claims).toEqual([]);
    });

    it('hands out task runs due to retry first, then scheduled runs, in one claim', async () => {
      const agentId = await register(['mixed']);
      const retrying = await runWithDueRetry(agentId, ['mixed']);
      const scheduled = await newRun(['mixed']);
      const { claims, nextDueAt } = await claim(agentId, 3);
      expect(claims.map((c) => [c.flowRun.id, c.flowRun.state, c.taskRuns.map((tr) => tr.id)])).toEqual([
        [retrying.id, 'Running', [retrying.taskRun.id]],
        [scheduled, 'Submitted', []],
      ]);
      expect(nextDueAt).toBeNull();
    });

    it('claims with the storage types an agent registered last', async () => {
      const registerAs = async (storageTypes: string[]) =>
        (
          await gqlData(t.server, t.token, REGISTER, {
            input: { name: 'switcher', type: 'ProcessAgent', labels: ['switch'], storageTypes },
          })
        ).registerAgent.id as string;
      const agentId = await registerAs(['Docker']);
      const run = await newRun(['switch']);
      expect((await claim(agentId, 5)).claims).toEqual([]);
      expect(await registerAs(['Local'])).toBe(agentId);
      expect((await claim(agentId, 5)).claims.map((c) => c.flowRun.id)).toEqual([run]);
    });

    it('does not hand an agent the scheduled runs it says it holds', async () => {
      const agentId = await register(['held']);
      const first = await newRun(['held']);
      const second = await newRun(['held']);
      const result = await gqlData(t.server, t.token, CLAIM, {
        input: { agentId, limit: 5, heldFlowRunIds: [first] },
      });
      expect((result.claimFlowRuns as Claimed).claims.map((c) => c.flowRun.id)).toEqual([second]);
      expect((await claim(agentId, 5)).claims.map((c) => c.flowRun.id)).toEqual([first]);
    });

    it('hands an agent whose previous claim was lost the runs it submitted to it, first and fenced', async () => {
      const agentId = await register(['lost']);
      const otherId = await register(['lost']);
      const lostRun = await newRun(['lost']);
      const heldRun = await newRun(['lost']);
      // The answer to this claim never reaches the agent, which later says it holds only heldRun.
      const unheard = await claim(agentId, 2);
      expect(unheard.claims.map((c) => c.flowRun.id)).toEqual([lostRun, heldRun]);
      const othersRun = await newRun(['lost']);
      expect((await claim(otherId, 1)).claims.map((c) => c.flowRun.id)).toEqual([othersRun]);
      const dueRun = await newRun(['lost']);
      const held = [heldRun];
      const again = async (previousClaimLost: boolean, limit: number) =>
        (
          await gqlData(t.server, t.token, CLAIM, {
            input: { agentId, limit, heldFlowRunIds: held, previousClaimLost },
          })
        ).claimFlowRuns as Claimed;
      // An ordinary claim hands none of them again.
      expect((await again(false, 1)).claims.map((c) => c.flowRun.id)).toEqual([dueRun]);
      held.push(dueRun);
      const nextDue = await newRun(['lost']);
      const recovered = await again(true, 5);
      // Not the runs it holds, nor the other agent's: the lost one first, then what is due.
      expect(recovered.claims.map((c) => c.flowRun.id)).toEqual([lostRun, nextDue]);
      expect(recovered.claims[0]!.flowRun).toMatchObject({
        state: 'Submitted',
        version: 3,
        agentId,
        serializedState: { message: expect.stringMatching(/previous claim was lost/) },
      });
      const history = await gqlData(
        t.server,
        t.token,
        'query($id: ID!) { flowRunStates(flowRunId: $id) { state } }',
        {
          id: lostRun,
        },
      );
      expect(history.flowRunStates.map((s: { state: string }) => s.state)).toEqual([
        'Scheduled',
        'Submitted',
        'Submitted',
      ]);
      // A process started from the lost answer cannot take the run any more.
      const stale = await gql(t.server, t.token, SET_FLOW_RUN_STATES, {
        input: {
          states: [
            { flowRunId: lostRun, version: unheard.claims[0]!.flowRun.version, state: state('Running') },
          ],
        },
      });
      expect(errorCode(stale)).toBe('VERSION_LOCKING_ERROR');
      // Handed again once: the agent holds it now.
      held.push(lostRun, nextDue);
      expect((await again(true, 5)).claims).toEqual([]);
    });

    it('hands a claim that waits the run created meanwhile, through any replica', async () => {
      const agentId = await register(['waiting']);
      const claimAt = replica ?? t.server;
      const waiting = gqlData(claimAt, t.token, CLAIM, { input: { agentId, limit: 3, waitMs: 20_000 } });
      await sleep(300);
      const created = await newRun(['waiting']);
      const { claims } = (await waiting).claimFlowRuns as Claimed;
      expect(claims.map((c) => c.flowRun.id)).toEqual([created]);
      expect(claims[0]!.flowRun).toMatchObject({ state: 'Submitted', agentId });
    });

    it('answers a claim that waited for nothing with no runs, and refuses waits out of range', async () => {
      const agentId = await register(['waiting-in-vain']);
      await newRun(['someone-else']);
      const result = await gqlData(t.server, t.token, CLAIM, { input: { agentId, limit: 1, waitMs: 300 } });
      expect((result.claimFlowRuns as Claimed).claims).toEqual([]);
      for (const waitMs of [-1, 20_001]) {
        const refused = await gql(t.server, t.token, CLAIM, { input: { agentId, limit: 1, waitMs } });
        expect(errorCode(refused)).toBe('BAD_USER_INPUT');
        expect(refused.errors?.[0]?.message).toMatch(
          /waitMs must be a whole number of milliseconds from 0 to 20000/,
        );
      }
    });

    it('refuses held flow run ids that are not ids, naming the one to fix', async () => {
      const agentId = await register(['held']);
      const result = await gql(t.server, t.token, CLAIM, {
        input: { agentId, limit: 1, heldFlowRunIds: ['not-an-id'] },
      });
      expect(errorCode(result)).toBe('BAD_USER_INPUT');
      expect(result.errors?.[0]?.message).toMatch(/heldFlowRunIds\[0\]/);
    });

    it('refuses an agent that is not registered in the tenant', async () => {
      const result = await gql(t.server, t.token, CLAIM, {
        input: { agentId: '00000000-0000-4000-8000-000000000000', limit: 1 },
      });
      expect(errorCode(result)).toBe('NOT_FOUND');
      expect(result.errors?.[0]?.message).toMatch(/Register it with registerAgent/);
    });
  });
});
