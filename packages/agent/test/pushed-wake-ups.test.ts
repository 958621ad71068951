import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Client } from '@headwater/client';
import { type RunningServer, startServer } from '@headwater/server';
import { createScratchDatabase, requireTestEnv } from '@headwater/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Agent, type AgentOptions, createProcessAgent, silentAgentLogger } from '../src/index.js';
import { countingFlow } from './fixtures/counting-flows.js';
import { deployLocalFlows } from './support/deploy-local.js';
import { eventually, finalStates } from './support/waiting.js';

const postgres = requireTestEnv(['databaseUrl']);

/** After its first empty claim such an agent would wait ten minutes: picking a run up sooner proves it was woken. */
const LONG_POLL: AgentOptions['pollBackoffMs'] = [600_000];
/** Well under LONG_POLL: how long a pushed wake-up may take on a loaded machine. */
const PICKUP_DEADLINE_MS = 30_000;

const databases = [
  { name: 'SQLite, one server', postgres: false, available: true },
  { name: 'PostgreSQL, two server replicas', postgres: true, available: postgres.available },
];

describe.each(databases)('an idle agent wakes for new and scheduled runs on $name', (database) => {
  describe.runIf(database.available)('', () => {
    const scratch = mkdtempSync(join(tmpdir(), 'headwater-wake-'));
    let drop: (() => Promise<void>) | undefined;
    /** Where runs are created. */
    let creating: RunningServer;
    /** Where agents are connected (another replica on PostgreSQL). */
    let serving: RunningServer;
    let admin: Client;
    let runnerToken: string;
    let flowId: string;
    const agents: { agent: Agent; stopped: Promise<void> }[] = [];

    beforeAll(async () => {
      let databaseUrl = join(scratch, 'headwater.db');
      if (database.postgres && postgres.available) {
        const created = await createScratchDatabase(postgres.env.databaseUrl, 'headwater_wake');
        databaseUrl = created.url;
        drop = created.drop;
      }
      const options = {
        port: 0,
        databaseUrl,
        homeDir: join(scratch, 'home'),
        services: false as const,
        print: () => {},
        logError: () => {},
      };
      creating = await startServer(options);
      // Subscriptions re-read the database only every minute: a wake-up sooner was pushed.
      serving = database.postgres ? await startServer({ ...options, subscriptionPollMs: 60_000 }) : creating;
      admin = new Client({ api: creating.url, token: creating.initialToken!.token, env: {}, config: {} });
      runnerToken = (await admin.createApiToken({ name: 'agents', scope: 'RUNNER' })).token;
      await admin.createProject({ projectName: 'Wake' });
      flowId = (await deployLocalFlows(admin, 'Wake', join(scratch, 'flows'), [countingFlow])).get(
        'counting',
      )!;
    }, 300_000);
    afterAll(async () => {
      for (const { agent, stopped } of agents) {
        await agent.stop();
        await stopped;
      }
      if (serving !== creating) await serving?.close();
      await creating?.close();
      await drop?.();
      rmSync(scratch, { recursive: true, force: true });
    });

    function startAgent(name: string, options: Partial<AgentOptions> = {}): Agent {
      const agent = createProcessAgent({
        api: serving.url,
        token: runnerToken,
        name,
        env: { HEADWATER__HOME_DIR: join(scratch, 'agent-home') },
        runEnv: { HEADWATER__HOME_DIR: join(scratch, 'run-home') },
        logger: silentAgentLogger,
        pollBackoffMs: LONG_POLL,
        ...options,
      });
      agents.push({ agent, stopped: agent.start() });
      return agent;
    }

    /** Waits until the agent `name` claimed once (the API recorded its query). */
    const claimedOnce = (name: string) =>
      eventually(`agent ${name} to have claimed once`, async () => {
        const { agents: registered } = await admin.graphql<{
          agents: { name: string; lastQueried: string | null }[];
        }>('{ agents { name lastQueried } }');
        return registered.find((a) => a.name === name)?.lastQueried ?? undefined;
      });
    /** A RUNNER client of the serving replica whose requests go through `fetch` (to watch or drop them). */
    const runnerClient = (fetch: typeof globalThis.fetch) =>
      new Client({ api: serving.url, token: runnerToken, env: {}, config: {}, fetch });
    /** A run of the flow labelled `label`, which only the agent of that label takes. */
    const labelledRun = (label: string) =>
      admin.createFlowRun({ flowId, parameters: { log: join(scratch, `${label}.log`) }, labels: [label] });

    const claimedBy = async (runId: string, agent: Agent) => {
      const run = await admin.getFlowRun(runId);
      return run.agentId === agent.id && run.state !== 'Scheduled' ? run.state : undefined;
    };

    it('picks up a run created through any replica at once, not at its next poll', async () => {
      const agent = startAgent('pushed');
      await claimedOnce('pushed');
      const { id } = await admin.createFlowRun({ flowId, parameters: { log: join(scratch, 'pushed.log') } });
      await eventually('the idle agent to claim the new run', () => claimedBy(id, agent), PICKUP_DEADLINE_MS);
      expect((await finalStates(admin, [id], 60_000)).get(id)).toBe('Success');
    }, 120_000);

    it('claims once per new run: a batch smaller than its free slots means nothing else was due', async () => {
      const claims: number[] = [];
      const countingFetch: typeof fetch = async (input, init) => {
        if (typeof init?.body === 'string' && init.body.includes('claimFlowRuns')) claims.push(Date.now());
        return fetch(input, init);
      };
      const agent = startAgent('counted', {
        labels: ['counted'],
        maxConcurrent: 5,
        client: runnerClient(countingFetch),
      });
      await eventually('the agent to have claimed once', async () => (claims.length > 0 ? true : undefined));
      // The claim the subscription's opening asks for, too.
      await sleep(500);
      const before = claims.length;
      const { id } = await labelledRun('counted');
      expect((await finalStates(admin, [id], 60_000)).get(id)).toBe('Success');
      await eventually('the agent to be idle again', async () =>
        agent.heldRuns.length === 0 ? true : undefined,
      );
      // The claim the freed slot asks for.
      await sleep(500);
      // The wake-up's claim, which got the run; then none until the run ended and freed its slot.
      // An agent that claimed again whenever a claim got anything would have asked three times.
      expect(claims.length - before).toBeLessThanOrEqual(2);
    }, 120_000);

    it('is handed a new run in the answer to the claim it sent before the run existed', async () => {
      const claims: { sent: number; handed: string[] }[] = [];
      const recordingFetch: typeof fetch = async (input, init) => {
        if (typeof init?.body !== 'string' || !init.body.includes('claimFlowRuns')) return fetch(input, init);
        const claim = { sent: Date.now(), handed: [] as string[] };
        claims.push(claim);
        const response = await fetch(input, init);
        const body = await response.clone().json();
        claim.handed = (body.data?.claimFlowRuns?.claims ?? []).map(
          (c: { flowRun: { id: string } }) => c.flowRun.id,
        );
        return response;
      };
      const agent = startAgent('waiting', {
        labels: ['waiting'],
        client: runnerClient(recordingFetch),
      });
      await eventually('the agent to have claimed once', async () => (claims.length > 0 ? true : undefined));
      await sleep(500);
      const created = Date.now();
      const { id } = await labelledRun('waiting');
      await eventually(
        'the waiting agent to claim the new run',
        () => claimedBy(id, agent),
        PICKUP_DEADLINE_MS,
      );
      const handing = claims.find((claim) => claim.handed.includes(id));
      expect(handing?.sent).toBeLessThan(created);
      expect((await finalStates(admin, [id], 60_000)).get(id)).toBe('Success');
    }, 120_000);

    it('listens for new runs instead when the API answers claims at once (older than waitMs)', async () => {
      // The answer of an API whose claimFlowRuns input has no waitMs, as GraphQL words it.
      const olderApi: typeof fetch = async (input, init) => {
        if (typeof init?.body === 'string' && init.body.includes('"waitMs"')) {
          const message =
            'Variable "$input" got invalid value { waitMs: 20000 }; Field "waitMs" is not defined by type "claimFlowRunsInput".';
          return Response.json({ errors: [{ message, extensions: { code: 'BAD_USER_INPUT' } }] });
        }
        return fetch(input, init);
      };
      const agent = startAgent('listening', {
        labels: ['listening'],
        client: runnerClient(olderApi),
      });
      await claimedOnce('listening');
      const { id } = await labelledRun('listening');
      // Its polls back off to ten minutes: only the subscription can wake it this soon.
      await eventually(
        'the listening agent to claim the new run',
        () => claimedBy(id, agent),
        PICKUP_DEADLINE_MS,
      );
      expect((await finalStates(admin, [id], 60_000)).get(id)).toBe('Success');
    }, 120_000);

    it('runs the run of a claim whose answer it lost at its next claim, not after lazarus', async () => {
      let lost: string | undefined;
      // The server submits the run, and the answer never reaches the agent.
      const losingFetch: typeof fetch = async (input, init) => {
        const response = await fetch(input, init);
        if (lost !== undefined || typeof init?.body !== 'string' || !init.body.includes('claimFlowRuns'))
          return response;
        const claimed = (await response.clone().json()).data?.claimFlowRuns?.claims?.[0]?.flowRun?.id;
        if (claimed === undefined) return response;
        lost = claimed;
        throw new TypeError('fetch failed: the connection was reset');
      };
      startAgent('losing', {
        labels: ['lost-answer'],
        maxConcurrent: 1,
        pollBackoffMs: [200],
        client: runnerClient(losingFetch),
      });
      const { id } = await labelledRun('lost-answer');
      // No lazarus runs here (services are off): only the agent's next claim can hand the run again.
      expect((await finalStates(admin, [id], 60_000)).get(id)).toBe('Success');
      expect(lost).toBe(id);
      const states = (await admin.getFlowRunStates(id)).map((s) => s.state);
      expect(states.slice(0, 4)).toEqual(['Scheduled', 'Submitted', 'Submitted', 'Running']);
    }, 120_000);

    it('claims a scheduled run at its start time, known from its claims alone', async () => {
      const startTime = new Date(Date.now() + 2_000);
      const { id } = await admin.createFlowRun({
        flowId,
        parameters: { log: join(scratch, 'scheduled.log') },
        scheduledStartTime: startTime,
        // Only this test's agent takes it (the other one listens, and would be woken at its start time).
        labels: ['scheduled'],
      });
      // No subscription: only the claim's nextDueAt tells this agent when to claim again.
      const agent = startAgent('scheduled', { listen: false, labels: ['scheduled'] });
      await eventually(
        'the agent to claim the scheduled run',
        () => claimedBy(id, agent),
        PICKUP_DEADLINE_MS,
      );
      const submitted = (await admin.getFlowRunStates(id)).find((s) => s.state === 'Submitted')!;
      expect(Date.parse(submitted.timestamp)).toBeGreaterThanOrEqual(startTime.getTime());
    }, 120_000);
  });
});
