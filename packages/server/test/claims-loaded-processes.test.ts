import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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
  startTestServer,
  state,
  type TestServer,
} from './helpers.js';

const CLAIM = `mutation($input: claimFlowRunsInput!) { claimFlowRuns(input: $input) {
  claims { flowRun { id version state startTime heartbeat serializedState } } } }`;
const REGISTER = `mutation($input: registerAgentInput!) { registerAgent(input: $input) { id } }`;
const HISTORY = `query($id: ID!) { flowRun(id: $id) { state version startTime }
  flowRunStates(flowRunId: $id) { state version message } }`;
const BEAT = `mutation($input: updateFlowRunHeartbeatInput!) { updateFlowRunHeartbeat(input: $input) { success } }`;
const SET_LIMIT = `mutation($input: setConcurrencyLimitInput!) { setConcurrencyLimit(input: $input) { id } }`;

interface ClaimedRun {
  id: string;
  version: number;
  state: string;
  startTime: string | null;
  heartbeat: string | null;
  serializedState: { type: string; message: string };
}

describe.each(backends)('claimFlowRuns with loadedFlowIds on $name', (backend) => {
  describe.runIf(backend.available)('', () => {
    let t: TestServer;
    let projectId: string;
    let seq = 0;

    const register = async (label: string) =>
      (
        await gqlData(t.server, t.token, REGISTER, {
          input: { name: `loaded-${seq++}`, type: 'ProcessAgent', labels: [label], storageTypes: ['Local'] },
        })
      ).registerAgent.id as string;
    const flow = async (name: string) =>
      (await createFlow(t, { projectId, serializedFlow: headwaterFlow(name) })).id as string;
    const newRun = async (flowId: string, label: string) =>
      (await createFlowRun(t, { flowId, parameters: { x: 1 }, labels: [label] })).id as string;
    const claim = async (agentId: string, loadedFlowIds: string[]) => {
      const data = await gqlData(t.server, t.token, CLAIM, { input: { agentId, limit: 10, loadedFlowIds } });
      return new Map<string, ClaimedRun>(
        data.claimFlowRuns.claims.map((c: { flowRun: ClaimedRun }) => [c.flowRun.id, c.flowRun]),
      );
    };
    const history = async (id: string) => (await gqlData(t.server, t.token, HISTORY, { id })) as any;

    beforeAll(async () => {
      t = await startTestServer(backend);
      projectId = await createProject(t, 'Loaded');
    });
    afterAll(async () => {
      await t?.close();
    });

    it('writes Running after Submitted for as many Scheduled runs of a loaded flow as it has processes', async () => {
      const [a, b, c] = [await flow('loaded-a'), await flow('loaded-b'), await flow('loaded-c')];
      const runsOfA = [await newRun(a, 'count'), await newRun(a, 'count'), await newRun(a, 'count')];
      const runOfB = await newRun(b, 'count');
      const runOfC = await newRun(c, 'count');
      const agentId = await register('count');

      const claimed = await claim(agentId, [a, b, a]);

      expect(claimed.size).toBe(5);
      const started = [runsOfA[0]!, runsOfA[1]!, runOfB];
      for (const id of started) {
        const run = claimed.get(id)!;
        expect(run).toMatchObject({ state: 'Running', version: 3, serializedState: { type: 'Running' } });
        expect(run.serializedState.message).toMatch(/loaded-\d+ that had the flow loaded/);
        expect(run.startTime).not.toBeNull();
        expect(run.heartbeat).not.toBeNull();
        const read = await history(id);
        expect(read.flowRun).toMatchObject({ state: 'Running', version: 3 });
        expect(
          read.flowRunStates.map((s: { state: string; version: number }) => [s.state, s.version]),
        ).toEqual([
          ['Scheduled', 1],
          ['Submitted', 2],
          ['Running', 3],
        ]);
      }
      // The third run of A has no loaded process left, C has none at all.
      for (const id of [runsOfA[2]!, runOfC]) {
        expect(claimed.get(id)).toMatchObject({ state: 'Submitted', version: 2, startTime: null });
      }
    });

    it('hands the runs of a flow with a concurrency limit Submitted: their process takes the slot', async () => {
      const limited = await flow('loaded-limited');
      await gqlData(t.server, t.token, SET_LIMIT, { input: { flowId: limited, slots: 5 } });
      const id = await newRun(limited, 'limited');
      const claimed = await claim(await register('limited'), [limited]);
      expect(claimed.get(id)).toMatchObject({ state: 'Submitted', version: 2 });
    });

    it('hands a run due to retry Submitted: only new Scheduled runs start in the claim', async () => {
      const retried = await flow('loaded-retried');
      const id = await newRun(retried, 'retried');
      const agentId = await register('retried');
      expect((await claim(agentId, [])).get(id)).toMatchObject({ state: 'Submitted', version: 2 });
      const past = new Date(Date.now() - 1000).toISOString();
      await gqlData(t.server, t.token, SET_FLOW_RUN_STATES, {
        input: {
          states: [
            { flowRunId: id, version: 2, state: state('Running') },
            { flowRunId: id, version: 3, state: state('Retrying', { start_time: past }) },
          ],
        },
      });
      expect((await claim(agentId, [retried])).get(id)).toMatchObject({ state: 'Submitted', version: 5 });
    });

    it('hands a run a lost claim wrote Running again, Running and fenced, unless a process took it up', async () => {
      const lostFlow = await flow('loaded-lost');
      const [lost, taken] = [await newRun(lostFlow, 'lost'), await newRun(lostFlow, 'lost')];
      const agentId = await register('lost');
      // The answer to this claim never reaches the agent.
      const claimed = await claim(agentId, [lostFlow, lostFlow]);
      expect(claimed.get(lost)).toMatchObject({ state: 'Running', version: 3 });
      // A process beats the heartbeat of a run it takes up; the other was never taken up.
      await gqlData(t.server, t.token, BEAT, { input: { flowRunId: taken } });

      const again = await gqlData(t.server, t.token, CLAIM, {
        input: { agentId, limit: 10, previousClaimLost: true },
      });
      const handed = again.claimFlowRuns.claims.map((c: { flowRun: ClaimedRun }) => c.flowRun);
      expect(handed).toEqual([
        expect.objectContaining({
          id: lost,
          state: 'Running',
          version: 4,
          serializedState: expect.anything(),
        }),
      ]);
      expect(handed[0].serializedState.message).toMatch(/handed again to agent loaded-\d+/);
      const read = await history(lost);
      expect(read.flowRunStates.map((s: { state: string }) => s.state)).toEqual([
        'Scheduled',
        'Submitted',
        'Running',
        'Running',
      ]);
      expect((await history(taken)).flowRun).toMatchObject({ state: 'Running', version: 3 });
    });

    it('refuses loaded flow ids that are not ids, or more of them than a claim can take', async () => {
      const agentId = await register('refused');
      const bad = await gql(t.server, t.token, CLAIM, { input: { agentId, loadedFlowIds: ['not an id'] } });
      expect(errorCode(bad)).toBe('BAD_USER_INPUT');
      expect(bad.errors?.[0]?.message).toMatch(/loadedFlowIds\[0\]/);
      const many = Array.from({ length: 501 }, () => crypto.randomUUID());
      const tooMany = await gql(t.server, t.token, CLAIM, { input: { agentId, loadedFlowIds: many } });
      expect(errorCode(tooMany)).toBe('BAD_USER_INPUT');
      expect(tooMany.errors?.[0]?.message).toMatch(/loadedFlowIds lists 501 flows/);
    });
  });
});
