import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createScratchDatabase, requireTestEnv } from '@headwater/testing';
import { type RunningServer, type StartServerOptions, startServer } from '../src/index.js';

const postgres = requireTestEnv(['databaseUrl']);

/** A database the suite runs against: a fresh SQLite file or a fresh PostgreSQL database. */
export interface Backend {
  name: 'SQLite' | 'PostgreSQL';
  available: boolean;
  create(): Promise<{ url: string; homeDir: string; drop: () => Promise<void> }>;
}

export function tempDir(prefix = 'hw-server-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** Both engines; every server test runs on each (`describe.each(backends)`). */
export const backends: Backend[] = [
  {
    name: 'SQLite',
    available: true,
    async create() {
      const homeDir = tempDir();
      return { url: join(homeDir, 'headwater.db'), homeDir, drop: async () => {} };
    },
  },
  {
    name: 'PostgreSQL',
    available: postgres.available,
    async create() {
      if (!postgres.available) throw new Error('PostgreSQL is not available');
      const scratch = await createScratchDatabase(postgres.env.databaseUrl, 'headwater_server');
      return { url: scratch.url, homeDir: tempDir(), drop: scratch.drop };
    },
  },
];

export interface GraphQLResponse<T = any> {
  status: number;
  data?: T;
  errors?: { message: string; extensions?: { code?: string; limit?: string; details?: any } }[];
}

/** Sends one GraphQL request to `server` with `token` (or none). */
export async function gql<T = any>(
  server: { graphqlUrl: string },
  token: string | null,
  query: string,
  variables?: Record<string, unknown>,
  headers: Record<string, string> = {},
): Promise<GraphQLResponse<T>> {
  const response = await fetch(server.graphqlUrl, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...headers,
    },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as GraphQLResponse<T>;
  return { ...body, status: response.status };
}

/** Like {@link gql} but fails on any error and returns `data`. */
export async function gqlData<T = any>(
  server: { graphqlUrl: string },
  token: string | null,
  query: string,
  variables?: Record<string, unknown>,
  headers?: Record<string, string>,
): Promise<T> {
  const result = await gql<T>(server, token, query, variables, headers);
  if (result.errors?.length) throw new Error(`GraphQL errors: ${JSON.stringify(result.errors)}`);
  return result.data as T;
}

/** The code of the first error of a response. */
export function errorCode(result: GraphQLResponse): string | undefined {
  return result.errors?.[0]?.extensions?.code;
}

export interface TestServer {
  server: RunningServer;
  token: string;
  url: string;
  homeDir: string;
  close(): Promise<void>;
}

/** Starts a server on a fresh database of `backend`, services off unless given. */
export async function startTestServer(
  backend: Backend,
  options: Partial<StartServerOptions> = {},
): Promise<TestServer> {
  const database = await backend.create();
  const server = await startServer({
    port: 0,
    databaseUrl: database.url,
    homeDir: database.homeDir,
    services: false,
    print: () => {},
    ...options,
  });
  return {
    server,
    token: server.initialToken!.token,
    url: database.url,
    homeDir: database.homeDir,
    async close() {
      await server.close();
      await database.drop();
    },
  };
}

/** A second server replica on the test server's database (PostgreSQL), without services. */
export function startReplica(t: TestServer): Promise<RunningServer> {
  return startServer({ port: 0, databaseUrl: t.url, homeDir: t.homeDir, services: false, print: () => {} });
}

/** A test server with a project `projectName` and in it one flow `flowName` (`headwaterFlow`). */
export async function startTestServerWithFlow(
  backend: Backend,
  projectName: string,
  flowName: string,
): Promise<{ t: TestServer; flowId: string }> {
  const t = await startTestServer(backend);
  const projectId = await createProject(t, projectName);
  return { t, flowId: (await createFlow(t, { projectId, serializedFlow: headwaterFlow(flowName) })).id };
}

/** A Headwater flow with two tasks, an edge, a parameter and optional extras. */
export function headwaterFlow(name: string, extra: Record<string, unknown> = {}) {
  const v = '0.1.0';
  return {
    name,
    type: 'headwater.Flow',
    schedule: null,
    parameters: [
      { name: 'x', slug: 'x', required: true, default: null, __version__: v },
      { name: 'y', slug: 'y', required: false, default: 3, __version__: v },
    ],
    tasks: [
      { slug: 'x', name: 'x', type: 'headwater.Parameter', max_retries: 0, __version__: v },
      { slug: 'y', name: 'y', type: 'headwater.Parameter', max_retries: 0, __version__: v },
      { slug: 'add-1', name: 'add', type: 'headwater.Task', max_retries: 2, retry_delay: 5, __version__: v },
    ],
    edges: [
      {
        upstream_task: { slug: 'x' },
        downstream_task: { slug: 'add-1' },
        key: 'a',
        mapped: false,
        __version__: v,
      },
      {
        upstream_task: { slug: 'y' },
        downstream_task: { slug: 'add-1' },
        key: 'b',
        mapped: false,
        __version__: v,
      },
    ],
    reference_tasks: [],
    environment: {
      type: 'RemoteEnvironment',
      executor: '@headwater/core:LocalExecutor',
      executor_kwargs: {},
      labels: [],
      __version__: v,
    },
    storage: { type: 'Local', flows: { [name]: `/flows/${name}.mjs` }, __version__: v },
    __version__: v,
    ...extra,
  };
}

/** A serialized schedule with one interval clock of `minutes`. */
export function intervalSchedule(minutes: number) {
  return {
    type: 'Schedule',
    clocks: [
      {
        type: 'IntervalClock',
        interval: minutes * 60 * 1_000_000,
        start_date: null,
        end_date: null,
        __version__: '0.1.0',
      },
    ],
    __version__: '0.1.0',
  };
}

export const CREATE_PROJECT = `mutation($input: createProjectInput!) { createProject(input: $input) { id project { id name } } }`;
export const CREATE_FLOW = `mutation($input: createFlowInput!) { createFlow(input: $input) { id created flow { id version versionGroupId archived } } }`;
export const CREATE_FLOW_RUN = `mutation($input: createFlowRunInput!) { createFlowRun(input: $input) { id created flowRun { id version state parameters labels name taskRuns { id version state taskSlug } } } }`;
export const SET_FLOW_RUN_STATES = `mutation($input: setFlowRunStatesInput!) { setFlowRunStates(input: $input) { states { id status version state } } }`;
export const SET_TASK_RUN_STATES = `mutation($input: setTaskRunStatesInput!) { setTaskRunStates(input: $input) { states { id status version state } } }`;
export const RUNS_IN_QUEUE = `mutation($input: getRunsInQueueInput!) { getRunsInQueue(input: $input) { flowRunIds } }`;

/** Creates a project and returns its id. */
export async function createProject(t: TestServer, name = 'My Project'): Promise<string> {
  const data = await gqlData(t.server, t.token, CREATE_PROJECT, { input: { name } });
  return data.createProject.id;
}

/** Registers a flow and returns the payload. */
export async function createFlow(t: TestServer, input: Record<string, unknown>) {
  const data = await gqlData(t.server, t.token, CREATE_FLOW, { input });
  return data.createFlow as {
    id: string;
    created: boolean;
    flow: { id: string; version: number; versionGroupId: string; archived: boolean };
  };
}

/** Creates a flow run and returns the payload. */
export async function createFlowRun(t: TestServer, input: Record<string, unknown>) {
  const data = await gqlData(t.server, t.token, CREATE_FLOW_RUN, { input });
  return data.createFlowRun as {
    id: string;
    created: boolean;
    flowRun: {
      id: string;
      version: number;
      state: string;
      parameters: any;
      labels: string[];
      name: string;
      taskRuns: { id: string; version: number; state: string; taskSlug: string }[];
    };
  };
}

/** Serialized state in the wire format. */
export function state(type: string, extra: Record<string, unknown> = {}) {
  return { type, message: `${type} state`, __version__: '0.1.0', ...extra };
}
