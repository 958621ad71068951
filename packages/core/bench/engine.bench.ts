import { loadavg } from 'node:os';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import type { Benchmark, BenchmarkResult } from '../../../bench/harness.js';
import { median } from '../../../bench/harness.js';
import { deserializeFlow, Flow, FlowRunner, LocalExecutor, type Task, task } from '../src/index.js';

const TASKS = 10_000;
const ROUNDS = 7;
const WARM_UP = 2;

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

const inc = async ({ x }: { x: number }) => x + 1;

interface Shape {
  flow: Flow;
  /** The same work as a plain loop awaiting the task functions. */
  baseline(): Promise<unknown>;
}

function chain(): Shape {
  const flow = new Flow('bench-chain', { module: null });
  const step = task(inc, { name: 'inc' });
  let previous: Task<{ x: number }, number> = flow.add(step, { x: 0 });
  for (let i = 1; i < TASKS; i += 1) previous = flow.add(step, { x: previous });
  return {
    flow,
    baseline: async () => {
      let x = 0;
      for (let i = 0; i < TASKS; i += 1) x = await inc({ x });
      return x;
    },
  };
}

function fanOut(): Shape {
  const flow = new Flow('bench-fan-out', { module: null });
  const root = flow.add(task(async () => 1, { name: 'root' }));
  const leaf = task(inc, { name: 'leaf' });
  for (let i = 1; i < TASKS; i += 1) flow.add(leaf, { x: root });
  return {
    flow,
    baseline: async () => {
      const x = 1;
      const out: number[] = [];
      for (let i = 1; i < TASKS; i += 1) out.push(await inc({ x }));
      return out;
    },
  };
}

async function time(fn: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await fn();
  return performance.now() - start;
}

/** Heap retained by one run's final state (every task state), per task, after GC. */
async function retainedPerTask(runner: FlowRunner): Promise<number> {
  gc();
  const before = process.memoryUsage().heapUsed;
  const state = await runner.run({ executor: new LocalExecutor() });
  gc();
  const retained = (process.memoryUsage().heapUsed - before) / runner.flow.size;
  if (state.result?.size !== runner.flow.size) throw new Error('the run lost task states');
  return retained;
}

function engineBenchmark(name: string, build: () => Shape): Benchmark[] {
  let retained = Number.NaN;
  return [
    {
      name: `engine: 10k-task ${name} (LocalExecutor)`,
      description: `Overhead of FlowRunner with LocalExecutor on ${TASKS} trivial tasks (${name}) vs a plain loop awaiting the same functions.`,
      async run(): Promise<BenchmarkResult> {
        const shape = build();
        const runner = new FlowRunner(shape.flow);
        const engine: number[] = [];
        const plain: number[] = [];
        for (let round = 0; round < WARM_UP + ROUNDS; round += 1) {
          const plainMs = await time(shape.baseline);
          let succeeded = false;
          const engineMs = await time(async () => {
            succeeded = (await runner.run({ executor: new LocalExecutor() })).isSuccessful();
          });
          if (!succeeded) throw new Error(`the ${name} run did not succeed`);
          if (round < WARM_UP) continue;
          plain.push(plainMs);
          engine.push(engineMs);
        }
        retained = await retainedPerTask(runner);
        const perTask = (ms: number) => (ms * 1000) / TASKS;
        return {
          value: perTask(median(engine)),
          baseline: perTask(median(plain)),
          unit: 'µs/task',
          target: 2,
          details: {
            engineMedianMs: Number(median(engine).toFixed(1)),
            engineBestMs: Number(Math.min(...engine).toFixed(1)),
            plainLoopMedianMs: Number(median(plain).toFixed(2)),
            rounds: ROUNDS,
            loadAverage: Number(loadavg()[0]!.toFixed(2)),
          },
        };
      },
    },
    {
      name: `engine: 10k-task ${name} retained heap`,
      description: `Heap retained per task by the final flow-run state (all ${TASKS} task states) of the ${name} run, after GC.`,
      async run(): Promise<BenchmarkResult> {
        return { value: Math.round(retained), unit: 'bytes/task', target: 2048 };
      },
    },
  ];
}

const serializationBenchmark: Benchmark = {
  name: 'engine: serialize + deserialize 1k-task flow',
  description:
    'flow.serialize() then deserializeFlow() of a 1,000-task chain, vs JSON.stringify + JSON.parse of the same document.',
  async run(): Promise<BenchmarkResult> {
    const flow = new Flow('bench-wire', { module: null });
    const step = task(inc, { name: 'inc', maxRetries: 1, retryDelay: 1000, tags: ['bench'] });
    let previous: Task<{ x: number }, number> = flow.add(step, { x: 0 });
    for (let i = 1; i < 1000; i += 1) previous = flow.add(step, { x: previous });
    const both: number[] = [];
    const json: number[] = [];
    let size = 0;
    for (let round = 0; round < 10; round += 1) {
      both.push(
        await time(async () => {
          const wire = flow.serialize();
          const loaded = deserializeFlow(wire);
          if (loaded.size !== flow.size) throw new Error('lost tasks');
        }),
      );
      const document = flow.serialize();
      json.push(
        await time(async () => {
          const text = JSON.stringify(document);
          size = text.length;
          JSON.parse(text);
        }),
      );
    }
    return {
      value: median(both),
      baseline: median(json),
      unit: 'ms',
      target: 50,
      details: { documentBytes: size, tasks: flow.size, edges: flow.edges.length },
    };
  },
};

export const benchmarks: Benchmark[] = [
  ...engineBenchmark('chain', chain),
  ...engineBenchmark('fan-out', fanOut),
  serializationBenchmark,
];
