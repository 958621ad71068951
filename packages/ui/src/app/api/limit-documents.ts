/** GraphQL documents of the Concurrency limits page. */
export const CONCURRENCY_LIMITS_QUERY = /* GraphQL */ `
  query concurrencyLimits {
    concurrencyLimits { id kind tag flowGroupId flowName slots running updated }
  }
`;

export const SET_CONCURRENCY_LIMIT = /* GraphQL */ `
  mutation setConcurrencyLimit($input: setConcurrencyLimitInput!) {
    setConcurrencyLimit(input: $input) { id }
  }
`;

export const DELETE_CONCURRENCY_LIMIT = /* GraphQL */ `
  mutation deleteConcurrencyLimit($input: deleteConcurrencyLimitInput!) {
    deleteConcurrencyLimit(input: $input) { success }
  }
`;

/** A concurrency limit as the API lists it: per task tag, or per flow (every version). */
export interface ConcurrencyLimit {
  id: string;
  kind: 'TASK_TAG' | 'FLOW';
  tag: string | null;
  flowGroupId: string | null;
  flowName: string | null;
  slots: number;
  /** Slots taken now. */
  running: number;
  updated: string;
}
