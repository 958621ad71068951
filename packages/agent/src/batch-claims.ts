import { ClientError, type FlowRunClaims } from '@headwater/client';

/** What the agent keeps of a run it was handed: enough to start it and to report on it. */
export interface ClaimedRun {
  id: string;
  name: string;
  flow: {
    id: string;
    name: string;
    storage: Record<string, unknown> | null;
    environment: Record<string, unknown> | null;
  };
}

/**
 * Whether `error` is an API's answer that it does not know `claimFlowRuns`: a server older than
 * batch claims, which the agent then claims from run by run (`getRunsInQueue` and a
 * version-locked `Submitted` each).
 */
export function isBatchClaimUnknown(error: unknown): boolean {
  if (!ClientError.isInstance(error)) return false;
  const message = error.serverMessage ?? '';
  return /Cannot query field "claimFlowRuns"|Unknown type "claimFlowRunsInput"/.test(message);
}

/**
 * Whether `error` is an API's answer that it does not know the `field` of `claimFlowRuns`'s
 * input: a server older than it, to which the agent then claims without it
 * (`previousClaimLost`: the runs a lost claim submitted wait for that server's lazarus;
 * `waitMs`: the agent listens for new runs and claims when woken; `loadedFlowIds`: its loaded
 * processes write their runs Running themselves).
 */
export function isClaimInputUnknown(
  error: unknown,
  field: 'previousClaimLost' | 'waitMs' | 'loadedFlowIds',
): boolean {
  if (!ClientError.isInstance(error)) return false;
  return (error.serverMessage ?? '').includes(`"${field}"`);
}

/**
 * How long an idle agent's claim waits on the API for a run to become due: under the 30 s a
 * client waits for an answer by default, and the most the API allows.
 */
export const CLAIM_WAIT_MS = 20_000;

/** How long an idle agent waits before it claims again: its poll backoff, or less when a known run comes due sooner. */
export function idleWaitMs(backoffMs: number, nextDue: FlowRunClaims['nextDueAt'], now = Date.now()): number {
  if (nextDue === null) return backoffMs;
  // At least a little: the server's clock says when a run is due, and the agent's may be ahead.
  return Math.min(backoffMs, Math.max(Date.parse(nextDue) - now, MIN_DUE_WAIT_MS));
}

const MIN_DUE_WAIT_MS = 50;
