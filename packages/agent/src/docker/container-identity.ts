import { randomBytes } from 'node:crypto';

/**
 * Container labels the agent sets, so runs can be found with `docker ps --filter label=…`.
 * A container started for a run carries the run's id and name; a standby container, started
 * before its run existed, carries `standby` (`true`) and the flow id only, and is renamed
 * `headwater-<run name>-<hex>` when it takes its run (`docker ps --filter name=…` finds it).
 */
export const CONTAINER_LABELS = {
  flowRunId: 'io.headwater.flow-run-id',
  flowId: 'io.headwater.flow-id',
  flowRunName: 'io.headwater.flow-run-name',
  standby: 'io.headwater.standby',
} as const;

/** The name of a run's container: `headwater-<run name>-<hex>`. */
export function runContainerName(flowRunName: string): string {
  return `headwater-${slug(flowRunName)}-${randomBytes(4).toString('hex')}`;
}

/** The name of a standby container until it takes a run: `headwater-standby-<hex>`. */
export function standbyContainerName(): string {
  return `headwater-standby-${randomBytes(4).toString('hex')}`;
}

function slug(name: string): string {
  return (
    name
      .toLowerCase()
      .replace(/[^a-z0-9_.-]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 40) || 'run'
  );
}
