import { spawn } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { Client } from '@headwater/client';
import { deserializeState, readResult } from '@headwater/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useSecret } from './fixtures/secrets-flow.js';
import { databaseDump } from './support/database-dump.js';
import type { HeadwaterProcess } from './support/headwater-process.js';
import { storedLogMessages } from './support/logs.js';
import {
  databases,
  deployLocalFlows,
  runnerToken,
  type ServerUnderTest,
  startProcessAgent,
  startServerUnderTest,
} from './support/server-under-test.js';
import { eventually, finalState, readMarks, runProcessExited } from './support/waiting.js';

/** A secrets key as `headwater server secrets-key` prints it (base64 of 32 random bytes). */
const SECRETS_KEY = randomBytes(32).toString('base64');

const MAIN = join(import.meta.dirname, 'support', 'headwater-main.ts');

/** `headwater <args>` from the sources with `input` piped on its stdin (what `secret set` reads). */
function headwaterWithStdin(
  args: readonly string[],
  input: string,
  env: Record<string, string>,
): Promise<{ code: number | null; stdout: string; output: string }> {
  const child = spawn(
    process.execPath,
    ['--conditions=@headwater/source', '--import', 'tsx', MAIN, ...args],
    {
      cwd: import.meta.dirname,
      env: { PATH: process.env.PATH, NO_COLOR: '1', ...env },
      stdio: ['pipe', 'pipe', 'pipe'],
    },
  );
  let stdout = '';
  let output = '';
  child.stdout.on('data', (chunk) => {
    stdout += chunk;
    output += chunk;
  });
  child.stderr.on('data', (chunk) => {
    output += chunk;
  });
  child.stdin.end(input);
  return new Promise((resolve) => child.once('close', (code) => resolve({ code, stdout, output })));
}

const TASK_RUNS = `query secretTaskRuns($id: ID!) { flowRun(id: $id) {
  taskRuns { taskSlug state stateMessage serializedState } states { message serializedState } } }`;

interface TaskRunRow {
  taskSlug: string;
  state: string;
  stateMessage: string | null;
  serializedState: unknown;
}

async function taskRuns(server: ServerUnderTest, flowRunId: string) {
  return (
    await server.admin.graphql<{ flowRun: { taskRuns: TaskRunRow[]; states: unknown[] } }>(TASK_RUNS, {
      id: flowRunId,
    })
  ).flowRun;
}

describe.each(databases)('a secret in a flow run on a process agent, on %s', (database) => {
  let server: ServerUnderTest;
  let flowId: string;
  let agentToken: string;
  let agent: HeadwaterProcess;
  const value = `pw-${randomUUID()}`;

  beforeAll(async () => {
    server = await startServerUnderTest({ database, env: { HEADWATER__SERVER__SECRETS_KEY: SECRETS_KEY } });
    flowId = (await deployLocalFlows(server, [useSecret])).get('use-secret')!;
    agentToken = await runnerToken(server);
    agent = startProcessAgent(server, agentToken, { runEnv: { HEADWATER__LOGGING__FLUSH_INTERVAL: '0.2' } });
  }, 120_000);
  afterAll(async () => {
    await agent?.stop('SIGKILL');
    await server?.close();
  });

  it('reaches its tasks as an input and a lookup, and is in no log, state, API answer or row in clear', async () => {
    const set = await headwaterWithStdin(
      ['secret', 'set', 'DB_PASSWORD', '--json'],
      `${value}\n`,
      server.env(),
    );
    expect(set.code, set.output).toBe(0);
    expect(JSON.parse(set.stdout)).toMatchObject({ name: 'DB_PASSWORD', created: true });
    expect(set.output).not.toContain(value);
    const listed = await server.admin.listSecrets();
    expect(listed.map((secret) => secret.name)).toEqual(['DB_PASSWORD']);
    expect(JSON.stringify(listed)).not.toContain(value);

    const marks = join(server.scratch, 'reaches.log');
    const { id } = await server.admin.createFlowRun({ flowId, parameters: { marks } });
    expect(await finalState(server.admin, id, 60_000)).toBe('Success');
    await runProcessExited(agent, id);

    const { taskRuns: runs, states } = await taskRuns(server, id);
    const show = runs.find((run) => run.taskSlug.startsWith('show'))!;
    expect(await readResult(deserializeState(show.serializedState))).toBe(`length ${value.length}`);
    // The task returned the value itself: what reached the API is masked.
    const leak = runs.find((run) => run.taskSlug.startsWith('leak'))!;
    expect(leak.state).toBe('Success');
    expect(await readResult(deserializeState(leak.serializedState))).toBe('****');

    const messages = await storedLogMessages(server.admin, id);
    expect(messages).toContain('the password is ****');
    expect(JSON.stringify({ messages, runs, states })).not.toContain(value);
    expect(agent.output()).not.toContain(value);

    const dump = databaseDump(server);
    expect(dump).toContain('DB_PASSWORD');
    expect(dump).not.toContain(value);
    expect(dump).not.toContain(Buffer.from(value).toString('base64'));
  }, 150_000);

  it('is masked in the error of a task that fails with it', async () => {
    const marks = join(server.scratch, 'fails.log');
    const { id } = await server.admin.createFlowRun({ flowId, parameters: { marks, fail: true } });
    expect(await finalState(server.admin, id, 60_000)).toBe('Failed');
    await runProcessExited(agent, id);
    const { taskRuns: runs, states } = await taskRuns(server, id);
    const leak = runs.find((run) => run.taskSlug.startsWith('leak'))!;
    expect(leak.stateMessage).toContain('could not log in with ****');
    const messages = await storedLogMessages(server.admin, id);
    expect(messages.some((message) => message.includes('could not log in with ****'))).toBe(true);
    expect(JSON.stringify({ messages, runs, states })).not.toContain(value);
    expect(agent.output()).not.toContain(value);
  }, 150_000);

  it('is read only with the RUNNER token holding the run, while it runs', async () => {
    const marks = join(server.scratch, 'holding.log');
    const { id } = await server.admin.createFlowRun({ flowId, parameters: { marks, hold_ms: 3000 } });
    await eventually(
      'the task to hold the run',
      () => (readMarks(marks).length > 0 ? true : undefined),
      60_000,
    );
    const stranger = new Client({
      api: server.api,
      token: await runnerToken(server, 'stranger'),
      env: {},
      config: {},
    });
    const holder = new Client({ api: server.api, token: agentToken, env: {}, config: {} });
    await expect(stranger.readRunSecret(id, 'DB_PASSWORD')).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(server.admin.readRunSecret(id, 'DB_PASSWORD')).rejects.toMatchObject({ code: 'FORBIDDEN' });
    expect(await holder.readRunSecret(id, 'DB_PASSWORD')).toBe(value);
    expect(await finalState(server.admin, id, 60_000)).toBe('Success');
    await expect(holder.readRunSecret(id, 'DB_PASSWORD')).rejects.toMatchObject({ code: 'FORBIDDEN' });
  }, 150_000);
});
