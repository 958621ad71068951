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

/**
 * Waits until `agent` says the process of flow run `flowRunId` ended (`… (<id>): pid <n> exited
 * with code <c>.`): a run writes its final state before it sends its last log lines, and
 * only the process's end says every line was sent. Resolves to the exit code.
 */
export async function runProcessExited(
  agent: { output(): string },
  flowRunId: string,
  timeoutMs = 60_000,
): Promise<number> {
  const pattern = new RegExp(`\\(${flowRunId}\\): pid \\d+ exited with code (\\d+)`);
  return eventually(
    `the process of flow run ${flowRunId} to exit`,
    () => {
      const code = pattern.exec(agent.output())?.[1];
      return code === undefined ? undefined : Number(code);
    },
    timeoutMs,
  );
}
