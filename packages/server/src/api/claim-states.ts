import { VERSION } from '@headwater/core';
import type { Expression, SqlBool } from 'kysely';

/** The flow runs a claim may take, and the states it writes them. */
export interface RunPick {
  where: Expression<SqlBool>;
  /** The message of the Submitted states it writes. */
  message: string;
  /**
   * Flows the agent has a loaded run process waiting for, once per process: that many of the
   * Scheduled runs it takes of each flow without a concurrency limit are written Running right
   * after Submitted, so the loaded process adopts a run already Running instead of writing it.
   */
  loadedFlowIds: readonly string[];
  /** The message of the Running states it writes. */
  runningMessage: string;
}

/** The `Running` state a claim writes for a loaded process, as run processes write it. */
export function runningState(message: string) {
  return {
    type: 'Running',
    message,
    startTime: null,
    serialized: {
      type: 'Running',
      message,
      context: null,
      _result: { type: 'NoResultType', __version__: VERSION },
      __version__: VERSION,
    },
  };
}

/** The `Submitted` state wrapping the state a run was claimed in, as agents write it. */
export function submittedState(message: string, previous: unknown) {
  return {
    type: 'Submitted',
    message,
    startTime: null,
    serialized: {
      type: 'Submitted',
      message,
      context: null,
      _result: { type: 'NoResultType', __version__: VERSION },
      __version__: VERSION,
      state: previous,
    },
  };
}
