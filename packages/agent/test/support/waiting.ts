import { readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Client } from '@headwater/client';
import { FINISHED_STATES } from '@headwater/core';

/** Polls `check` until it returns a value other than undefined; fails after `timeoutMs` saying what was awaited. */
export async function eventually<T>(
  what: string,
  check: () => Promise<T | undefined>,
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

/** Waits until every run in `ids` is in a finished state; resolves to their states by id. */
export async function finalStates(
  client: Client,
  ids: readonly string[],
  timeoutMs = 180_000,
): Promise<Map<string, string>> {
  return eventually(
    `${ids.length} flow run(s) to finish`,
    async () => {
      const states = new Map<string, string>();
      for (let i = 0; i < ids.length; i += 200) {
        const page = await client.listFlowRuns({ ids: ids.slice(i, i + 200), first: 200 });
        for (const run of page.nodes) states.set(run.id, run.state);
      }
      const done = [...states.values()].filter((state) =>
        (FINISHED_STATES as readonly string[]).includes(state),
      );
      return done.length === ids.length ? states : undefined;
    },
    timeoutMs,
  );
}

/** One side effect a task left: `<flow run id> <what> <pid>`. */
export interface Mark {
  flowRunId: string;
  what: string;
  pid: number;
}

/** The side effects in `file` (none when it does not exist yet). */
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
