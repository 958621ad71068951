/** A running background loop. */
export interface LoopService {
  readonly name: string;
  /** Runs one pass now (tests, and the scheduler after schedule changes). */
  runOnce(): Promise<void>;
  /** Stops the loop; resolves when a pass in progress has finished. */
  stop(): Promise<void>;
}

/**
 * Runs `pass` every `intervalMs`: run, then sleep until start + interval. A failing pass is
 * reported to `onError` and the loop goes on.
 */
export function startLoop(
  name: string,
  intervalMs: number,
  pass: () => Promise<void>,
  onError: (error: unknown) => void,
): LoopService {
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let current: Promise<void> = Promise.resolve();

  const runOnce = () => {
    current = current.then(async () => {
      try {
        await pass();
      } catch (error) {
        onError(error);
      }
    });
    return current;
  };

  const tick = async () => {
    const started = Date.now();
    await runOnce();
    if (!stopped) timer = setTimeout(tick, Math.max(0, started + intervalMs - Date.now()));
  };
  timer = setTimeout(tick, 0);

  return {
    name,
    runOnce,
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await current;
    },
  };
}
