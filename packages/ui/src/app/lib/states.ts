import type { StateTypeInfo } from '../api/types.js';

/** The colour families the UI draws states in; every state type falls into one through its ancestors. */
export type StateTone =
  | 'success'
  | 'failed'
  | 'cancelled'
  | 'cancelling'
  | 'running'
  | 'submitted'
  | 'scheduled'
  | 'retrying'
  | 'pending'
  | 'looped'
  | 'unknown';

/** The most specific names first: a type takes the tone of the nearest of its ancestors found here. */
const TONES: Record<string, StateTone> = {
  Cancelling: 'cancelling',
  Retrying: 'retrying',
  ClientFailed: 'failed',
  Success: 'success',
  Failed: 'failed',
  Cancelled: 'cancelled',
  Looped: 'looped',
  Running: 'running',
  Submitted: 'submitted',
  Queued: 'submitted',
  Scheduled: 'scheduled',
  Pending: 'pending',
};

/** Groups the dashboard counts runs in, in the order they are shown. */
export const SUMMARY_GROUPS = ['Success', 'Failed', 'Cancelled', 'Running', 'Scheduled'] as const;
export type SummaryGroup = (typeof SUMMARY_GROUPS)[number];

/**
 * The state hierarchy as the server reports it (`referenceData.stateTypes`), with the questions
 * the UI asks of it.
 */
export interface StateCatalog {
  /** True when `type` is `ancestor` or descends from it (`Cached` is a `Success`). */
  isA(type: string, ancestor: string): boolean;
  tone(type: string): StateTone;
  /** The summary group a run in `type` is counted in; null for Pending-like states that are not scheduled. */
  summaryGroup(type: string): SummaryGroup | null;
  isFinished(type: string): boolean;
}

export function createStateCatalog(stateTypes: readonly StateTypeInfo[]): StateCatalog {
  const parents = new Map(stateTypes.map((info) => [info.name, info.parent]));
  const lineage = (type: string): string[] => {
    const result: string[] = [];
    let current: string | null | undefined = type;
    while (current && !result.includes(current)) {
      result.push(current);
      current = parents.get(current);
    }
    return result;
  };
  const isA = (type: string, ancestor: string) => lineage(type).includes(ancestor);
  return {
    isA,
    tone(type) {
      for (const name of lineage(type)) {
        const tone = TONES[name];
        if (tone) return tone;
      }
      return 'unknown';
    },
    summaryGroup(type) {
      if (isA(type, 'Success')) return 'Success';
      if (isA(type, 'Failed') || isA(type, 'ClientFailed')) return 'Failed';
      if (isA(type, 'Cancelled')) return 'Cancelled';
      if (isA(type, 'Running') || isA(type, 'Submitted') || isA(type, 'Queued')) return 'Running';
      if (isA(type, 'Scheduled')) return 'Scheduled';
      return null;
    },
    isFinished: (type) => isA(type, 'Finished'),
  };
}
