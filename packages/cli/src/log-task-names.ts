import type { Client, RunLog } from '@headwater/client';

/** A run's log line with the task it came from (empty for the flow run's own lines). */
export type RunLogWithTask = RunLog & { task: string };

/**
 * Names the task of every log line of a flow run: the task run's slug (`greet-1`, `greet-1[3]`
 * for a mapped child), joined by the line's task run id; lines written without one fall back to
 * the task in their logger name (`headwater.Task: greet-1`).
 */
export async function withTaskNames(
  client: Client,
  flowRunId: string,
  logs: readonly RunLog[],
): Promise<RunLogWithTask[]> {
  const needed = logs.some((log) => log.taskRunId !== null);
  const taskRuns = needed ? (await client.listTaskRuns({ flowRunId, first: 500 })).nodes : [];
  const names = new Map(
    taskRuns.map((run) => [run.id, run.mapIndex >= 0 ? `${run.taskSlug}[${run.mapIndex}]` : run.taskSlug]),
  );
  return logs.map((log) => ({
    ...log,
    task: (log.taskRunId ? names.get(log.taskRunId) : undefined) ?? taskInLoggerName(log.name),
  }));
}

function taskInLoggerName(name: string | null): string {
  return /^headwater\.Task: (.+)$/.exec(name ?? '')?.[1] ?? '';
}
