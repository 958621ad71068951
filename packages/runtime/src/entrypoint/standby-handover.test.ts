import { spawn } from 'node:child_process';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import {
  runProcessSignals,
  type StandbyHandover,
  standbyHandovers,
  startedReporter,
} from './standby-handover.js';

const claimed = {
  id: 'run-1',
  name: 'brave-otter',
  flowId: 'flow-1',
  version: 2,
  state: 'Submitted',
  serializedState: { type: 'Submitted' },
  parameters: { x: 1 },
  context: {},
  labels: [],
  scheduledStartTime: '2026-12-03T00:00:00.000Z',
  flow: { id: 'flow-1', name: 'etl', version: 1, coreVersion: null, environment: null, storage: null },
  taskRuns: [],
};

const stdin = (text: string) => Readable.from([text]);

/** The first run handed over on `input`, as a one-run standby reads it. */
async function readStandbyHandover(input: Readable): Promise<StandbyHandover | undefined> {
  for await (const handover of standbyHandovers(input)) return handover;
  return undefined;
}

describe('the first run standbyHandovers reads', () => {
  it('reads the run id and the claimed flow run', async () => {
    expect(await readStandbyHandover(stdin(`run-1\n${JSON.stringify(claimed)}\n`))).toEqual({
      flowRunId: 'run-1',
      flowRun: claimed,
    });
  });

  it('reads an id alone, as older agents send it', async () => {
    expect(await readStandbyHandover(stdin('run-1\n'))).toEqual({ flowRunId: 'run-1' });
  });

  it("leaves out a second line that is not the run's flow run, so the run is read from the API", async () => {
    for (const second of [
      '{not json',
      JSON.stringify({ ...claimed, id: 'run-2' }),
      JSON.stringify({ id: 'run-1' }),
    ])
      expect(await readStandbyHandover(stdin(`run-1\n${second}\n`))).toEqual({ flowRunId: 'run-1' });
  });

  it('is undefined when stdin ends without an id (the agent is gone)', async () => {
    expect(await readStandbyHandover(stdin(''))).toBeUndefined();
    expect(await readStandbyHandover(stdin('\n'))).toBeUndefined();
  });
});

describe('standbyHandovers', () => {
  it('reads one run after another from a stdin kept open, each an id and a line of JSON (or none)', async () => {
    const second = { ...claimed, id: 'run-2' };
    const handed = [];
    for await (const handover of standbyHandovers(stdin(`run-1\n\nrun-2\n${JSON.stringify(second)}\n`))) {
      handed.push(handover);
    }
    expect(handed).toEqual([{ flowRunId: 'run-1' }, { flowRunId: 'run-2', flowRun: second }]);
  });
});

/** What a child process writes on descriptor 3 after running `script` (with `runProcessSignals` in scope). */
async function signalsOf(script: string): Promise<string> {
  const child = spawn(
    process.execPath,
    [
      '--conditions=@headwater/source',
      '--import',
      'tsx',
      '--input-type=module',
      '-e',
      `const { runProcessSignals } = await import(${JSON.stringify(new URL('./standby-handover.ts', import.meta.url).href)});\n${script}`,
    ],
    { stdio: ['ignore', 'inherit', 'inherit', 'pipe'] },
  );
  const chunks: Buffer[] = [];
  child.stdio[3]!.on('data', (chunk: Buffer) => chunks.push(chunk));
  const code = await new Promise((resolve) => child.once('close', resolve));
  expect(code).toBe(0);
  return Buffer.concat(chunks).toString();
}

describe('runProcessSignals', () => {
  it('says a reusable process started and finished each run, on a descriptor it keeps open', async () => {
    const script = `const signals = runProcessSignals(['flow-run', '--started-fd=3', '--standby', '--reuse']);
      signals.reusable(); signals.started(); signals.started(); signals.finished(0); signals.started(); signals.finished(1);`;
    expect(await signalsOf(script)).toBe('reusable\nstarted\nfinished 0\nstarted\nfinished 1\n');
  });

  it('is silent without the flag', () => {
    const signals = runProcessSignals(['flow-run', '--standby']);
    expect(() => {
      signals.reusable();
      signals.started();
      signals.finished(0);
    }).not.toThrow();
  });
});

describe('startedReporter', () => {
  it('writes `started` once on the descriptor --started-fd names', async () => {
    const script = `
      const { startedReporter } = await import(${JSON.stringify(new URL('./standby-handover.ts', import.meta.url).href)});
      const report = startedReporter(['flow-run', '--started-fd=3', '--standby']);
      report(); report();`;
    const child = spawn(
      process.execPath,
      ['--conditions=@headwater/source', '--import', 'tsx', '--input-type=module', '-e', script],
      { stdio: ['ignore', 'inherit', 'inherit', 'pipe'] },
    );
    const chunks: Buffer[] = [];
    child.stdio[3]!.on('data', (chunk: Buffer) => chunks.push(chunk));
    const code = await new Promise((resolve) => child.once('close', resolve));
    expect(code).toBe(0);
    expect(Buffer.concat(chunks).toString()).toBe('started\n');
  });

  it('does nothing without the flag, or with a descriptor that is not a pipe it was given', () => {
    expect(() => startedReporter(['flow-run', '--standby'])()).not.toThrow();
    expect(() => startedReporter(['flow-run', '--started-fd=1'])()).not.toThrow();
    expect(() => startedReporter(['flow-run', '--started-fd=987'])()).not.toThrow();
  });
});
