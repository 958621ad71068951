import { setTimeout as sleep } from 'node:timers/promises';

/**
 * Resolves to the first truthy value `check` returns, asking every 200 ms; fails with `what`
 * and the last value seen after `timeoutMs` (a bound for a stuck run, not a timing assertion).
 */
export async function waitUntil<T>(
  what: string,
  check: () => Promise<T> | T,
  timeoutMs = 60_000,
): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  let last: T | undefined;
  for (;;) {
    last = await check();
    if (last) return last as NonNullable<T>;
    if (Date.now() > deadline)
      throw new Error(`Waited ${timeoutMs} ms for ${what}; last seen: ${String(last)}`);
    await sleep(200);
  }
}
