import { afterEach, describe, expect, it } from 'vitest';
import { Flow } from '../flow/flow.js';
import { secretVariable } from '../services/secret-source.js';
import { task } from './function-task.js';
import { runFlow } from './run-flow-task.js';
import { secret } from './secret-task.js';

const VARIABLE = secretVariable('LOCAL_DB_PASSWORD');

describe('secrets in flow.run()', () => {
  afterEach(() => {
    delete process.env[VARIABLE];
  });

  it('reads secret(NAME) inputs and context.secret lookups from HEADWATER__CONTEXT__SECRETS__<NAME>', async () => {
    process.env[VARIABLE] = 'from-the-environment';
    const flow = new Flow('local-secrets');
    const asInput = flow.add(
      task(({ password }: { password: string }) => `input:${password}`, { name: 'as-input' }),
      { password: secret('LOCAL_DB_PASSWORD') },
    );
    const asLookup = flow.add(
      task(async (_: {}, { secret: read }) => `lookup:${await read('LOCAL_DB_PASSWORD')}`, {
        name: 'as-lookup',
      }),
    );
    const state = await flow.run();
    expect(state.isSuccessful()).toBe(true);
    expect(state.result!.get(asInput)!.result).toBe('input:from-the-environment');
    expect(state.result!.get(asLookup)!.result).toBe('lookup:from-the-environment');
  });

  it('fails the task naming the variable to set when the secret is missing', async () => {
    const flow = new Flow('missing-secret');
    const use = flow.add(
      task(({ password }: { password: string }) => password, { name: 'use' }),
      {
        password: secret('LOCAL_DB_PASSWORD'),
      },
    );
    const state = await flow.run();
    expect(state.isFailed()).toBe(true);
    const secretState = [...state.result!.values()].find((s) => s.isFailed() && s !== state.result!.get(use));
    expect(secretState?.message).toContain(VARIABLE);
  });
});

describe('runFlow in flow.run()', () => {
  it('fails saying a child flow run needs the API and an agent', async () => {
    const flow = new Flow('local-parent');
    const child = flow.add(runFlow({ flowName: 'child', projectName: 'P' }), { parameters: { n: 1 } });
    const state = await flow.run();
    expect(state.result!.get(child)!.message).toMatch(/starts a deployed flow through the Headwater API/);
  });

  it('refuses options that name no flow', () => {
    expect(() => runFlow({ flowName: 'child' } as never)).toThrow(
      /flowName with its projectName, or a versionGroupId/,
    );
  });
});

describe('a secret in a resumed run', () => {
  afterEach(() => {
    delete process.env[VARIABLE];
  });

  it('is read again for the tasks still to run: its value was never checkpointed', async () => {
    process.env[VARIABLE] = 'read-again';
    const flow = new Flow('resumed-secret');
    const password = secret('LOCAL_DB_PASSWORD');
    const use = flow.add(
      task(({ password }: { password: string }) => `got ${password}`, { name: 'use' }),
      {
        password,
      },
    );
    const { Success } = await import('../states/state.js');
    const state = await flow.run({
      taskStates: new Map([[password, new Success({ message: 'ran elsewhere' })]]),
    });
    expect(state.result!.get(use)!.result).toBe('got read-again');
  });
});
