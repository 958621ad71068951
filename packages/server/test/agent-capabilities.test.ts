import { randomUUID } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { Migrator } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../src/api/store.js';
import { insertApiToken } from '../src/auth/api-tokens.js';
import { migrateToLatest, StaticMigrationProvider } from '../src/database/migrations.js';
import type { Tables } from '../src/database/tables.js';
import type { GraphQLContext } from '../src/graphql/context.js';
import { createLoaders } from '../src/graphql/loaders.js';
import { apiResolvers } from '../src/graphql/resolvers.js';
import { connectDatabase } from '../src/index.js';
import {
  backends,
  CREATE_FLOW,
  createFlowRun,
  createProject,
  errorCode,
  gql,
  gqlData,
  headwaterFlow,
  RUNS_IN_QUEUE,
  SET_FLOW_RUN_STATES,
  SET_TASK_RUN_STATES,
  startTestServer,
  state,
  type TestServer,
} from './helpers.js';

const REGISTER_AGENT = `mutation($input: registerAgentInput!) { registerAgent(input: $input) { id } }`;
const CAS = 'headwater-storage-cas:storagePlugin';
const PAST = '2020-01-01T00:00:00.000Z';

/** Serialized storage of `type` (null: a flow without storage). */
function storage(type: string | null) {
  return type === null ? null : { type, flows: {}, __version__: '0.1.0' };
}

/** A flow named `name` with storage of `type` and environment labels `labels`. */
function flowWith(name: string, type: string | null, labels: string[] = []) {
  const flow = headwaterFlow(name);
  return { ...flow, storage: storage(type), environment: { ...flow.environment, labels } };
}

describe.each(backends)('agent capabilities on $name', (backend) => {
  describe.runIf(backend.available)('', () => {
    async function withDatabase<T>(url: string, fn: (store: Store) => Promise<T>): Promise<T> {
      const { db, kind } = connectDatabase<Tables>(url);
      try {
        return await fn({ db, kind });
      } finally {
        await db.destroy();
      }
    }

    /** Registers a flow and returns its id. */
    async function register(t: TestServer, projectId: string, serializedFlow: unknown): Promise<string> {
      const data = await gqlData(t.server, t.token, CREATE_FLOW, { input: { projectId, serializedFlow } });
      return data.createFlow.id;
    }

    /** A run of `flowId`, due at `at` (default long past). */
    async function run(t: TestServer, flowId: string, labels?: string[], at = PAST): Promise<string> {
      return (
        await createFlowRun(t, {
          flowId,
          parameters: { x: 1 },
          scheduledStartTime: at,
          ...(labels ? { labels } : {}),
        })
      ).id;
    }

    async function registerAgent(t: TestServer, input: Record<string, unknown>): Promise<string> {
      return (await gqlData(t.server, t.token, REGISTER_AGENT, { input })).registerAgent.id;
    }

    describe('flow storage types, the queue, agents', () => {
      let t: TestServer;
      let projectId: string;
      beforeAll(async () => {
        t = await startTestServer(backend);
        projectId = await createProject(t, 'Capabilities');
      });
      afterAll(async () => {
        await t?.close();
      });

      async function storageTypeOf(flowId: string): Promise<string | null> {
        const data = await gqlData(t.server, t.token, `query($id: ID!) { flow(id: $id) { storageType } }`, {
          id: flowId,
        });
        return data.flow.storageType;
      }

      async function queue(input: Record<string, unknown>, token = t.token): Promise<string[]> {
        const data = await gqlData(t.server, token, RUNS_IN_QUEUE, { input });
        return data.getRunsInQueue.flowRunIds;
      }

      it('records the storage type of a flow on createFlow and createFlowFromCompressedString', async () => {
        expect(await storageTypeOf(await register(t, projectId, flowWith('st-local', 'Local')))).toBe(
          'Local',
        );
        expect(await storageTypeOf(await register(t, projectId, flowWith('st-docker', 'Docker')))).toBe(
          'Docker',
        );
        expect(await storageTypeOf(await register(t, projectId, flowWith('st-cas', CAS)))).toBe(CAS);
        expect(await storageTypeOf(await register(t, projectId, flowWith('st-none', null)))).toBeNull();
        const compressed = await gqlData(
          t.server,
          t.token,
          `mutation($input: createFlowFromCompressedStringInput!) {
            createFlowFromCompressedString(input: $input) { id flow { storageType } } }`,
          {
            input: {
              projectId,
              serializedFlow: gzipSync(JSON.stringify(flowWith('st-gzip', 'Docker'))).toString('base64'),
            },
          },
        );
        expect(compressed.createFlowFromCompressedString.flow.storageType).toBe('Docker');
      });

      it('hands an agent listing storage types only runs of flows with one of them, retries included', async () => {
        const labels = ['filter'];
        const local = await register(t, projectId, flowWith('q-local', 'Local'));
        const docker = await register(t, projectId, flowWith('q-docker', 'Docker'));
        const cas = await register(t, projectId, flowWith('q-cas', CAS));
        const none = await register(t, projectId, flowWith('q-none', null));
        const runs = {
          local: await run(t, local, labels, '2020-01-01T00:00:01.000Z'),
          docker: await run(t, docker, labels, '2020-01-01T00:00:02.000Z'),
          cas: await run(t, cas, labels, '2020-01-01T00:00:03.000Z'),
          none: await run(t, none, labels, '2020-01-01T00:00:04.000Z'),
        };
        const all = [runs.local, runs.docker, runs.cas, runs.none];
        expect(await queue({ labels })).toEqual(all);
        expect(await queue({ labels, storageTypes: null })).toEqual(all);
        expect(await queue({ labels, storageTypes: ['Local'] })).toEqual([runs.local]);
        expect(await queue({ labels, storageTypes: ['Docker'] })).toEqual([runs.docker]);
        expect(await queue({ labels, storageTypes: ['Local', CAS, 'Local'] })).toEqual([
          runs.local,
          runs.cas,
        ]);
        expect(await queue({ labels, storageTypes: ['Unknown'] })).toEqual([]);
        expect(await queue({ labels, storageTypes: [] })).toEqual([]);
        // The label rule still applies on top.
        expect(await queue({ labels: ['other'], storageTypes: ['Local'] })).toEqual([]);

        // Claim the Docker run, start it, and let one of its task runs wait for a retry.
        const view = await gqlData(
          t.server,
          t.token,
          `query($id: ID!) { flowRun(id: $id) { version taskRuns { id version taskSlug } } }`,
          { id: runs.docker },
        );
        for (const [offset, type] of ['Submitted', 'Running'].entries()) {
          await gqlData(t.server, t.token, SET_FLOW_RUN_STATES, {
            input: {
              states: [
                { flowRunId: runs.docker, version: view.flowRun.version + offset, state: state(type) },
              ],
            },
          });
        }
        const taskRun = view.flowRun.taskRuns.find((r: { taskSlug: string }) => r.taskSlug === 'add-1');
        await gqlData(t.server, t.token, SET_TASK_RUN_STATES, {
          input: {
            states: [
              {
                taskRunId: taskRun.id,
                version: taskRun.version,
                state: state('Retrying', { start_time: '2020-06-01T00:00:00.000Z' }),
              },
            ],
          },
        });
        expect(await queue({ labels, storageTypes: ['Docker'] })).toEqual([runs.docker]);
        expect(await queue({ labels, storageTypes: ['Local'] })).toEqual([runs.local]);
        expect(await queue({ labels })).toEqual([runs.local, runs.cas, runs.none, runs.docker]);
      });

      it('refuses malformed storage type lists', async () => {
        const empty = await gql(t.server, t.token, RUNS_IN_QUEUE, { input: { storageTypes: [''] } });
        expect(errorCode(empty)).toBe('BAD_USER_INPUT');
        expect(empty.errors?.[0]?.message).toMatch(/storageTypes/);
        const long = await gql(t.server, t.token, REGISTER_AGENT, {
          input: { type: 'ProcessAgent', storageTypes: ['x'.repeat(501)] },
        });
        expect(errorCode(long)).toBe('BAD_USER_INPUT');
      });

      it('keeps the id of an agent that registers again, updating its storage types and when it was seen', async () => {
        const identity = { name: 'capable', type: 'ProcessAgent', labels: ['b', 'a'], coreVersion: '0.1.0' };
        const id = await registerAgent(t, { ...identity, storageTypes: ['Local'] });
        const read = async () =>
          (await gqlData(t.server, t.token, `{ agents { id storageTypes lastQueried } }`)).agents.find(
            (agent: { id: string }) => agent.id === id,
          );
        const first = await read();
        expect(first.storageTypes).toEqual(['Local']);
        await withDatabase(t.url, ({ db }) =>
          db.updateTable('agent').set({ last_queried: PAST }).where('id', '=', id).execute(),
        );

        const again = await registerAgent(t, {
          ...identity,
          labels: ['a', 'b'],
          storageTypes: [CAS, 'Local'],
        });
        expect(again).toBe(id);
        const second = await read();
        expect(second.storageTypes).toEqual(['Local', CAS]);
        expect(Date.parse(second.lastQueried)).toBeGreaterThan(Date.parse(PAST));

        expect(await registerAgent(t, identity)).toBe(id);
        expect((await read()).storageTypes).toBeNull();
        // Another core version is another agent.
        expect(await registerAgent(t, { ...identity, coreVersion: '0.2.0' })).not.toBe(id);

        const runner = await gqlData(
          t.server,
          t.token,
          `mutation { createApiToken(input: { name: "agent", scope: RUNNER }) { token } }`,
        );
        expect(
          await gqlData(t.server, runner.createApiToken.token, REGISTER_AGENT, {
            input: { ...identity, storageTypes: ['Docker'] },
          }),
        ).toEqual({ registerAgent: { id } });
        expect((await read()).storageTypes).toEqual(['Docker']);
      });

      it("lists the storage types of the tenant's unarchived flows, to RUNNER tokens too", async () => {
        const fresh = await startTestServer(backend);
        try {
          const project = await createProject(fresh, 'Types');
          const read = async (token = fresh.token) =>
            (await gqlData(fresh.server, token, `{ storageTypes }`)).storageTypes;
          expect(await read()).toEqual([]);
          await register(fresh, project, flowWith('types-local', 'Local'));
          await register(fresh, project, flowWith('types-local-2', 'Local'));
          await register(fresh, project, flowWith('types-none', null));
          // Version 2 of the group archives version 1 and its Docker storage.
          await register(fresh, project, flowWith('types-moved', 'Docker'));
          await register(fresh, project, flowWith('types-moved', CAS));
          expect(await read()).toEqual(['Local', CAS]);

          const runner = await gqlData(
            fresh.server,
            fresh.token,
            `mutation { createApiToken(input: { name: "agent", scope: RUNNER }) { token } }`,
          );
          expect(await read(runner.createApiToken.token)).toEqual(['Local', CAS]);

          const other = await withDatabase(fresh.url, async ({ db }) => {
            const tenantId = randomUUID();
            const now = new Date().toISOString();
            await db
              .insertInto('tenant')
              .values({ id: tenantId, name: 'Other', slug: `other-${tenantId}`, created: now, updated: now })
              .execute();
            return (await insertApiToken(db, { tenantId, name: 'other', scope: 'USER' })).token;
          });
          expect(await read(other)).toEqual([]);
          const otherProject = (
            await gqlData(fresh.server, other, `mutation { createProject(input: { name: "Mine" }) { id } }`)
          ).createProject.id;
          const data = await gqlData(fresh.server, other, CREATE_FLOW, {
            input: { projectId: otherProject, serializedFlow: flowWith('theirs', 'Docker') },
          });
          expect(data.createFlow.id).toBeTruthy();
          expect(await read(other)).toEqual(['Docker']);
          expect(await read()).toEqual(['Local', CAS]);
        } finally {
          await fresh.close();
        }
      });
    });

    it('fills the storage type of flows registered before the migration', async () => {
      const database = await backend.create();
      try {
        await withDatabase(database.url, async ({ db, kind }) => {
          const migrator = new Migrator({ db, provider: new StaticMigrationProvider(kind) });
          const before = await migrator.migrateTo('0002_flow_group_settings');
          expect(before.error).toBeUndefined();
          const now = new Date().toISOString();
          const tenantId = randomUUID();
          const projectId = randomUUID();
          await db
            .insertInto('tenant')
            .values({ id: tenantId, name: 'T', slug: 't', created: now, updated: now })
            .execute();
          await db
            .insertInto('project')
            .values({
              id: projectId,
              tenant_id: tenantId,
              name: 'P',
              description: null,
              created: now,
              updated: now,
            })
            .execute();
          const flows = { local: 'Local', docker: 'Docker', cas: CAS, none: null, missing: undefined };
          for (const [name, type] of Object.entries(flows)) {
            const groupId = randomUUID();
            await db
              .insertInto('flow_group')
              .values({
                id: groupId,
                tenant_id: tenantId,
                version_group_id: name,
                idempotency_key: null,
                heartbeat_enabled: 1,
                lazarus_enabled: 1,
                schedule: null,
                labels: null,
                description: null,
                created: now,
                updated: now,
              })
              .execute();
            // The row as version 0002 of the schema stored it: no storage_type column yet.
            const row = {
              id: randomUUID(),
              tenant_id: tenantId,
              project_id: projectId,
              flow_group_id: groupId,
              version_group_id: name,
              name,
              version: 1,
              archived: 0,
              description: null,
              serialized_flow: JSON.stringify(flowWith(name, type ?? null)),
              environment: null,
              storage: type === undefined ? null : JSON.stringify(storage(type)),
              parameters: '[]',
              schedule: null,
              is_schedule_active: 0,
              core_version: '0.1.0',
              labels: '[]',
              idempotency_key: null,
              created: now,
              updated: now,
            };
            await (db as any).insertInto('flow').values(row).execute();
          }
          await migrateToLatest(db, kind);
          const rows = await db.selectFrom('flow').select(['name', 'storage_type']).orderBy('name').execute();
          expect(Object.fromEntries(rows.map((r) => [r.name, r.storage_type]))).toEqual({
            cas: CAS,
            docker: 'Docker',
            local: 'Local',
            missing: null,
            none: null,
          });
          const agentColumns = await db.selectFrom('agent').select(['storage_types']).execute();
          expect(agentColumns).toEqual([]);
        });
      } finally {
        await database.drop();
      }
    });

    describe('waitingFor', () => {
      let t: TestServer;
      let projectId: string;
      let tenantId: string;
      const flows: Record<string, string> = {};
      beforeAll(async () => {
        t = await startTestServer(backend, { agentConnectedWithinMs: 60_000 });
        projectId = await createProject(t, 'Waiting');
        tenantId = (await gqlData(t.server, t.token, `{ authInfo { tenantId } }`)).authInfo.tenantId;
        for (const [name, type] of [
          ['local', 'Local'],
          ['docker', 'Docker'],
          ['cas', CAS],
          ['none', null],
        ] as const) {
          flows[name] = await register(t, projectId, flowWith(`w-${name}`, type));
        }
      });
      afterAll(async () => {
        await t?.close();
      });

      async function waiting(id: string): Promise<string | null> {
        const data = await gqlData(t.server, t.token, `query($id: ID!) { flowRun(id: $id) { waitingFor } }`, {
          id,
        });
        return data.flowRun.waitingFor;
      }

      async function seenAgo(agentId: string, ms: number) {
        await withDatabase(t.url, ({ db }) =>
          db
            .updateTable('agent')
            .set({ last_queried: new Date(Date.now() - ms).toISOString() })
            .where('id', '=', agentId)
            .execute(),
        );
      }

      it('says when no agent at all is connected, naming the command for the storage type', async () => {
        expect(await waiting(await run(t, flows.local!, ['etl']))).toBe(
          'No agent is connected: start one with `headwater agent start process --label etl`',
        );
        expect(await waiting(await run(t, flows.docker!, []))).toBe(
          'No agent is connected: start one with `headwater agent start docker`',
        );
        expect(await waiting(await run(t, flows.cas!, ['etl', 'eu west']))).toBe(
          "No agent is connected: start an agent with `--label etl --label 'eu west'` in a project that has headwater-storage-cas installed, or with `--plugin headwater-storage-cas`",
        );
        expect(await waiting(await run(t, flows.none!, ['etl']))).toBe(
          'Its flow has no storage, so no agent can run it: register the flow again with storage, e.g. with `headwater deploy`',
        );
      });

      it('is null for runs that are not due or not waiting', async () => {
        const future = await run(t, flows.local!, ['etl'], '2999-01-01T00:00:00.000Z');
        expect(await waiting(future)).toBeNull();
        const cancelled = await run(t, flows.local!, ['etl']);
        await gqlData(
          t.server,
          t.token,
          `mutation($input: cancelFlowRunInput!) { cancelFlowRun(input: $input) { state } }`,
          {
            input: { flowRunId: cancelled },
          },
        );
        expect(await waiting(cancelled)).toBeNull();
      });

      it('names what is missing when connected agents have the wrong storage type, wrong labels or went quiet', async () => {
        const labels = ['wrong'];
        const runId = await run(t, flows.local!, labels);
        const missing =
          'No connected agent runs Local storage with labels [wrong]: start one with `headwater agent start process --label wrong`';
        const docker = await registerAgent(t, {
          name: 'docker',
          type: 'DockerAgent',
          labels,
          storageTypes: ['Docker'],
        });
        expect(await waiting(runId)).toBe(missing);
        const elsewhere = await registerAgent(t, {
          name: 'elsewhere',
          type: 'ProcessAgent',
          labels: ['wrong', 'gpu'],
          storageTypes: ['Local'],
        });
        // Its labels fit (a run's labels are a subset of the agent's): it takes the run.
        expect(await waiting(runId)).toBeNull();
        await seenAgo(elsewhere, 5 * 60_000);
        expect(await waiting(runId)).toBe(missing);
        const labelled = await registerAgent(t, {
          name: 'labelled',
          type: 'ProcessAgent',
          labels: ['other'],
          storageTypes: ['Local'],
        });
        expect(await waiting(runId)).toBe(missing);
        const unlabeled = await run(t, flows.local!, []);
        expect(await waiting(unlabeled)).toBe(
          'No connected agent runs Local storage without labels: start one with `headwater agent start process`',
        );
        expect(await waiting(await run(t, flows.cas!, labels))).toBe(
          'No connected agent runs headwater-storage-cas:storagePlugin storage with labels [wrong]: start an agent with `--label wrong` in a project that has headwater-storage-cas installed, or with `--plugin headwater-storage-cas`',
        );
        for (const id of [docker, labelled]) await seenAgo(id, 5 * 60_000);
      });

      it('is null when a fitting agent is connected, and an agent without a list fits any storage type', async () => {
        const labels = ['fits'];
        const local = await run(t, flows.local!, labels);
        const docker = await run(t, flows.docker!, labels);
        const none = await run(t, flows.none!, labels);
        const agent = await registerAgent(t, {
          name: 'fits',
          type: 'ProcessAgent',
          labels,
          storageTypes: ['Local'],
        });
        expect(await waiting(local)).toBeNull();
        expect(await waiting(docker)).toMatch(
          /^No connected agent runs Docker storage with labels \[fits\]: /,
        );
        expect(await waiting(none)).toMatch(/^Its flow has no storage/);
        // Within the window it still counts; past it, no longer.
        await seenAgo(agent, 30_000);
        expect(await waiting(local)).toBeNull();
        await seenAgo(agent, 90_000);
        expect(await waiting(local)).toMatch(/^No agent is connected: /);

        const old = await registerAgent(t, { name: 'old', type: 'DockerAgent', labels });
        for (const id of [local, docker, none]) expect(await waiting(id)).toBeNull();
        // Polling the queue keeps the agent connected.
        await seenAgo(old, 90_000);
        expect(await waiting(local)).not.toBeNull();
        await gqlData(t.server, t.token, RUNS_IN_QUEUE, { input: { labels, agentId: old } });
        expect(await waiting(local)).toBeNull();
        await seenAgo(old, 5 * 60_000);
      });

      it('explains every run of a page, reading the agents and the flows once', async () => {
        const labels = ['page'];
        const ids: string[] = [];
        for (const flow of [flows.local!, flows.docker!, flows.local!, flows.cas!])
          ids.push(await run(t, flow, labels));
        await registerAgent(t, { name: 'page', type: 'DockerAgent', labels, storageTypes: ['Docker'] });
        const data = await gqlData(
          t.server,
          t.token,
          `query($ids: [ID!]) { flowRuns(filter: { ids: $ids }) { nodes { id waitingFor } } }`,
          { ids },
        );
        const byId = new Map(
          data.flowRuns.nodes.map((node: { id: string; waitingFor: string | null }) => [
            node.id,
            node.waitingFor,
          ]),
        );
        const expected = [
          expect.stringMatching(/^No connected agent runs Local storage with labels \[page\]/),
          null,
          expect.stringMatching(/^No connected agent runs Local storage with labels \[page\]/),
          expect.stringMatching(/^No connected agent runs headwater-storage-cas:storagePlugin storage/),
        ];
        expect(ids.map((id) => byId.get(id))).toEqual(expected);

        // The resolver on a database that counts statements: one for the flows, one for the agents.
        const { db, kind } = connectDatabase<Tables>(t.url);
        const statements: string[] = [];
        const counted = db.withPlugin({
          transformQuery: (args) => {
            statements.push(args.node.kind);
            return args.node;
          },
          transformResult: async (args) => args.result,
        });
        try {
          const store = { db: counted, kind };
          const loaders = createLoaders(store, tenantId, { agentConnectedWithinMs: 60_000 });
          const runs = await Promise.all(ids.map((id) => loaders.flowRun.load(id)));
          statements.length = 0;
          const resolve = apiResolvers.FlowRun!.waitingFor as (...args: unknown[]) => Promise<string | null>;
          const context = { store, loaders } as unknown as GraphQLContext;
          const answers = await Promise.all(runs.map((run) => resolve(run, {}, context, {})));
          expect(answers).toEqual(expected);
          expect(statements).toEqual(['SelectQueryNode', 'SelectQueryNode']);
        } finally {
          await db.destroy();
        }
      });
    });
  });
});
