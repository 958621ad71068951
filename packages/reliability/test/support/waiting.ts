import { readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Client } from '@headwater/client';
import { FINISHED_STATES } from '@headwater/core';

/** Polls `check` every 200 ms until it returns something other than undefined; fails after `timeoutMs` naming what it awaited. */
export async function eventually<T>(
  what: string,
  check: () => Promise<T | undefined> | T | undefined,
  timeoutMs = 120_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}.`);
    await sleep(200);
  }
}

/** Waits until the flow run is in a finished state and resolves to that state. */
export async function finalState(client: Client, flowRunId: string, timeoutMs = 120_000): Promise<string> {
  return eventually(
    `flow run ${flowRunId} to finish`,
    async () => {
      const { state } = await client.getFlowRun(flowRunId);
      return (FINISHED_STATES as readonly string[]).includes(state) ? state : undefined;
    },
    timeoutMs,
  );
}

/** One side effect a task left in a marks file: `<flow run id> <what> <pid>` per line. */
export interface Mark {
  flowRunId: string;
  what: string;
  pid: number;
}

/** The marks in `file` (none when it does not exist yet). */
export function readMarks(file: string): Mark[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return [];
  }
  return text
    .split('\n')
    .filter(Boolean)
    .map((line) => {
      const [flowRunId, what, pid] = line.split(' ');
      return { flowRunId: flowRunId!, what: what!, pid: Number(pid) };
    });
}
