import { describe, expect, it } from 'vitest';
import { Flow } from '../flow/flow.js';
import { task } from '../tasks/function-task.js';
import { healthCheck } from './health-check.js';

const build = (retries: number) => {
  const flow = new Flow('etl');
  flow.add(task(() => 1, { name: 'extract', maxRetries: retries }));
  return flow;
};

describe('healthCheck', () => {
  it('passes when every flow serializes as on the host, Node matches and dependencies import', async () => {
    const host = build(1).serialize();
    const report = await healthCheck({
      flows: [build(1)],
      expected: { etl: { ...host, storage: { type: 'Docker', flows: {} } } },
      nodeMajor: Number(process.versions.node.split('.')[0]),
      dependencies: ['zod'],
    });
    expect(report.ok).toBe(true);
    expect(report.checks.map((c) => c.name)).toEqual([
      'flow "etl"',
      'executor "@headwater/core:LocalExecutor" of flow "etl"',
      'node',
      'dependency "zod"',
    ]);
  });

  it('reports differing metadata, missing flows, a wrong Node and failing imports with the real errors', async () => {
    const report = await healthCheck({
      flows: [build(2)],
      expected: { etl: build(1).serialize(), other: {} },
      nodeMajor: 18,
      dependencies: ['headwater-no-such-dependency'],
    });
    expect(report.ok).toBe(false);
    const [flow, , missing, node, dependency] = report.checks;
    expect(flow?.differences).toEqual([{ path: 'tasks[0].max_retries', expected: 1, actual: 2 }]);
    expect(missing?.message).toBe('not found; the loaded modules define: etl');
    expect(node?.message).toMatch(/built for Node 18/);
    expect(dependency?.error?.message).toMatch(/headwater-no-such-dependency/);
    expect(dependency?.error?.stack).toBeDefined();
  });

  it("fails a flow whose environment's executor cannot be resolved, naming what to use", async () => {
    const flow = build(0);
    flow.environment = {
      specificationVersion: 'v1',
      type: 'RemoteEnvironment',
      labels: [],
      serialize: () => ({
        type: 'RemoteEnvironment',
        executor: 'prefect.engine.executors.DaskExecutor',
        executor_kwargs: {},
        labels: [],
        __version__: '0',
      }),
      execute: () => Promise.reject(new Error('unused')),
    } as never;
    const report = await healthCheck({ flows: [flow], expected: { etl: flow.serialize() } });
    expect(report.ok).toBe(false);
    const executor = report.checks.find((c) => c.name.startsWith('executor'));
    expect(executor).toMatchObject({
      name: 'executor "prefect.engine.executors.DaskExecutor" of flow "etl"',
      ok: false,
    });
    expect(executor?.error?.message).toMatch(/not available in Headwater.*LocalConcurrentExecutor/);
  });
});
