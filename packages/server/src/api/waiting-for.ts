import { parseReference, SCHEDULED_LIKE_STATES } from '@headwater/core';
import type { AgentModel } from './models.js';
import { labelsFit, storageFits } from './queue.js';

/** The agent command that runs each built-in storage type. */
const AGENT_FOR_STORAGE: Readonly<Record<string, string>> = {
  Local: 'process',
  Docker: 'docker',
};

const SHELL_SAFE = /^[\w.,:@%+=/-]+$/;

function shellWord(word: string): string {
  return SHELL_SAFE.test(word) ? word : `'${word.replaceAll("'", `'\\''`)}'`;
}

function labelFlags(labels: readonly string[]): string {
  return labels.map((label) => ` --label ${shellWord(label)}`).join('');
}

/** What to start so that a run of `storageType` with `labels` is taken, after "start …". */
function remedy(storageType: string, labels: readonly string[]): string {
  const builtIn = AGENT_FOR_STORAGE[storageType];
  if (builtIn !== undefined)
    return `start one with \`headwater agent start ${builtIn}${labelFlags(labels)}\``;
  const plugin = parseReference(storageType);
  const withLabels = labels.length > 0 ? ` with \`${labelFlags(labels).trimStart()}\`` : '';
  if (plugin !== undefined) {
    return `start an agent${withLabels} in a project that has ${plugin.module} installed, or with \`--plugin ${shellWord(plugin.module)}\``;
  }
  return `start an agent that runs ${storageType} storage${withLabels}`;
}

/** A run's state and labels, as `waitingFor` reads them. */
export interface WaitingRun {
  state: string;
  stateStartTime: string | null;
  labels: readonly string[];
}

/** Whether a run is due and waiting for an agent: Scheduled-like, its start time passed. */
export function isDueAndWaiting(run: WaitingRun, now: number): boolean {
  return (
    (SCHEDULED_LIKE_STATES as readonly string[]).includes(run.state) &&
    run.stateStartTime !== null &&
    Date.parse(run.stateStartTime) <= now
  );
}

/**
 * Why a due run waits, in one sentence saying what to start, or null when it is not due or a
 * connected agent takes it: one whose labels fit the queue's label rule and whose storage types
 * include the flow's (an agent that declares none takes any). `connectedAgents` are the
 * tenant's agents seen recently.
 *
 * @example
 * ```ts
 * waitingFor(run, 'Local', [], Date.now());
 * // 'No agent is connected: start one with `headwater agent start process --label etl`'
 * ```
 */
export function waitingFor(
  run: WaitingRun,
  flowStorageType: string | null,
  connectedAgents: readonly AgentModel[],
  now: number,
): string | null {
  if (!isDueAndWaiting(run, now)) return null;
  const taken = connectedAgents.some(
    (agent) => labelsFit(run.labels, agent.labels) && storageFits(flowStorageType, agent.storageTypes),
  );
  if (taken) return null;
  if (flowStorageType === null) {
    return 'Its flow has no storage, so no agent can run it: register the flow again with storage, e.g. with `headwater deploy`';
  }
  if (connectedAgents.length === 0) return `No agent is connected: ${remedy(flowStorageType, run.labels)}`;
  const labels = run.labels.length > 0 ? `with labels [${run.labels.join(', ')}]` : 'without labels';
  return `No connected agent runs ${flowStorageType} storage ${labels}: ${remedy(flowStorageType, run.labels)}`;
}
